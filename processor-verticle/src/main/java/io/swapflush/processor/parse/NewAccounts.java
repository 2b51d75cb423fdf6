package io.swapflush.processor.parse;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The accounts a transaction gives data to (System {@code CreateAccount}, {@code Allocate},
 * {@code Assign} and their seeded forms): SOL sent to one of them is its rent, never a price —
 * Anchor's {@code init} of an account that already holds lamports, and an associated token account
 * created inside a venue's instruction, fund it with a plain transfer first.
 */
final class NewAccounts {

  /** System instruction tag → the index of the account it gives data to. */
  private static final Map<Integer, Integer> ACCOUNT_BY_TAG = Map.of(0, 1, 1, 0, 3, 1, 8, 0, 9, 0, 10, 0);
  private static final Map<String, String> ACCOUNT_BY_TYPE = Map.of("createAccount", "newAccount",
      "createAccountWithSeed", "newAccount", "assign", "account", "allocate", "account", "allocateWithSeed", "account",
      "assignWithSeed", "account");

  private NewAccounts() {
  }

  static Set<String> of(Iterable<Instruction> instructions) {
    Set<String> created = new HashSet<>();
    for (Instruction instruction : instructions) {
      if (instruction.program().equals(Transfers.SYSTEM_PROGRAM)) {
        String account = instruction.parsed() != null ? parsed(instruction.parsed()) : raw(instruction);
        if (account != null) {
          created.add(account);
        }
      }
    }
    return created;
  }

  private static String raw(Instruction instruction) {
    byte[] data = instruction.discriminator();
    if (data.length < 4) {
      return null;
    }
    int tag = (data[0] & 0xff) | (data[1] & 0xff) << 8 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 24;
    Integer account = ACCOUNT_BY_TAG.get(tag);
    return account == null || account >= instruction.accountCount() ? null : instruction.account(account);
  }

  private static String parsed(JsonObject parsed) {
    String field = ACCOUNT_BY_TYPE.get(String.valueOf(parsed.getValue("type")));
    if (field == null || !(parsed.getValue("info") instanceof JsonObject info)) {
      return null;
    }
    Object account = info.getValue(field);
    return account instanceof String key ? JsonFields.base58(key, "parsed.info." + field, 32) : null;
  }
}
