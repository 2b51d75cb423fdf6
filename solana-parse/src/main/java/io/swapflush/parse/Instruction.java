package io.swapflush.parse;

import java.util.List;
import java.util.Map;

/**
 * One instruction as it ran: its program, its accounts and raw data (encoding {@code json} or binary,
 * or an instruction {@code jsonParsed} could not decode) or the decoded form ({@code jsonParsed}), and
 * the instruction that invoked it ({@code caller}, -1 at the top level). Accounts are resolved
 * when read: most are never needed.
 */
record Instruction(String program, List<?> accounts, AccountKeys keys, InstructionData data, Map<?, ?> parsed,
                   int caller, String path) {

  /** Bytes enough to tell the instruction apart (a discriminator is at most 8); empty when it has no raw data. */
  byte[] discriminator() {
    byte[] bytes = data == null ? null : data.leadingBytes(8);
    return bytes == null ? new byte[0] : bytes;
  }

  int accountCount() {
    return accounts.size();
  }

  String account(int a) {
    Object account = accounts.get(a);
    String at = path + ".accounts[" + a + "]";
    return account instanceof String key ? JsonFields.base58(key, at, 32)
        : keys.get(JsonFields.index(account, at, keys.size()));
  }
}
