package io.swapflush.parse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts a transaction gives data to (System {@code CreateAccount}, {@code Allocate},
 * {@code Assign} and their seeded forms), and where: SOL sent to one of them before it is given its
 * data is its rent, never a price — Anchor's {@code init} of an account that already holds lamports,
 * and an associated token account created inside a venue's instruction, fund it with a plain
 * transfer first. SOL sent to it afterwards (a bonding curve created, then bought from) is not.
 */
final class NewAccounts {

  /** System instruction tag → the index of the account it gives data to. */
  private static final Map<Integer, Integer> ACCOUNT_BY_TAG = Map.of(0, 1, 1, 0, 3, 1, 8, 0, 9, 0, 10, 0);
  private static final Map<String, String> ACCOUNT_BY_TYPE = Map.of("createAccount", "newAccount",
      "createAccountWithSeed", "newAccount", "assign", "account", "allocate", "account", "allocateWithSeed", "account",
      "assignWithSeed", "account");

  private NewAccounts() {
  }

  /** account → the index of the last instruction that gives it data */
  private final Map<String, Integer> createdAt = new HashMap<>();

  static NewAccounts of(List<Instruction> instructions) {
    NewAccounts accounts = new NewAccounts();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      if (instruction.program().equals(Transfers.SYSTEM_PROGRAM)) {
        String account = instruction.parsed() != null ? parsed(instruction.parsed()) : raw(instruction);
        if (account != null) {
          accounts.createdAt.put(account, i);
        }
      }
    }
    return accounts;
  }

  /** Whether the transfer made by instruction {@code index} pays the rent of an account given data later. */
  boolean isRent(Transfer transfer, int index) {
    Integer created = transfer.lamports() ? createdAt.get(transfer.destination()) : null;
    return created != null && created > index;
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

  private static String parsed(Map<?, ?> parsed) {
    String field = ACCOUNT_BY_TYPE.get(String.valueOf(parsed.get("type")));
    if (field == null || !(parsed.get("info") instanceof Map<?, ?> info)) {
      return null;
    }
    Object account = info.get(field);
    return account instanceof String key ? JsonFields.base58(key, "parsed.info." + field, 32) : null;
  }
}
