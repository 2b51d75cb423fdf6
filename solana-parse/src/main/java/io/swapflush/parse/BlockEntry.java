package io.swapflush.parse;

import static io.swapflush.parse.JsonFields.array;
import static io.swapflush.parse.JsonFields.object;

import java.util.List;
import java.util.Map;

/**
 * One transaction of a {@code getBlock} result, checked and sorted before the full parse. A node sends
 * each as {@code {transaction, meta}} with the fields the parser reads in their JSON types (only the
 * votes of early blocks come without a status), so anything else is a bad answer: it fails the block,
 * naming the slot, the transaction's index and signature and the field. Skipped, or left for the
 * parser to reject, it would have the block accepted without its swaps. Only the types of values
 * already decoded are looked at.
 */
final class BlockEntry {

  private static final String VOTE_PROGRAM = "Vote111111111111111111111111111111111111111";

  private BlockEntry() {
  }

  /**
   * Why the transaction cannot hold a swap ({@code vote}, {@code failed}, {@code no-token-balance}), or
   * null when it may.
   *
   * @throws InvalidTransactionException when the entry is not what a node sends
   */
  static String skipReason(Object entry, long slot, int index) {
    String signature = null;
    try {
      Map<?, ?> tx = object(entry, "the entry");
      Map<?, ?> transaction = object(tx.get("transaction"), "transaction");
      List<?> signatures = array(transaction.get("signatures"), "transaction.signatures");
      signature = signatureOf(signatures);
      eachOf(String.class, "a string", signatures, "transaction.signatures");
      Map<?, ?> message = object(transaction.get("message"), "transaction.message");
      List<?> keys = array(message.get("accountKeys"), "message.accountKeys");
      if (isVote(array(message.get("instructions"), "message.instructions"), keys)) {
        return "vote";
      }
      Map<?, ?> meta = object(tx.get("meta"), "meta");
      eachOf(Number.class, "a number", array(meta.get("preBalances"), "meta.preBalances"), "meta.preBalances");
      eachOf(Number.class, "a number", array(meta.get("postBalances"), "meta.postBalances"), "meta.postBalances");
      JsonFields.unsignedLong(meta.get("fee"), "meta.fee");
      int keyCount = keys.size() + loadedKeys(meta.get("loadedAddresses"));
      List<?> preTokens = tokenBalances(meta.get("preTokenBalances"), "meta.preTokenBalances", keyCount);
      List<?> postTokens = tokenBalances(meta.get("postTokenBalances"), "meta.postTokenBalances", keyCount);
      instructions(array(message.get("instructions"), "message.instructions"), "message.instructions", keyCount);
      List<?> inner = JsonFields.optionalArray(meta.get("innerInstructions"), "meta.innerInstructions");
      for (int i = 0; i < inner.size(); i++) {
        String path = "meta.innerInstructions[" + i + "]";
        Map<?, ?> set = object(inner.get(i), path);
        JsonFields.index(set.get("index"), path + ".index", Integer.MAX_VALUE);
        instructions(array(set.get("instructions"), path + ".instructions"), path + ".instructions", keyCount);
      }
      if (meta.get("err") != null) {
        return "failed";
      }
      return preTokens.isEmpty() && postTokens.isEmpty() ? "no-token-balance" : null;
    } catch (InvalidTransactionException problem) {
      throw new InvalidTransactionException(problem.reason(), "slot " + slot + ", transaction " + index
          + (signature == null ? "" : " " + signature) + ": " + problem.getMessage(), signature);
    }
  }

  /** The first signature when it looks like one, to name the transaction by; else null. */
  private static String signatureOf(List<?> signatures) {
    return !signatures.isEmpty() && signatures.get(0) instanceof String s && Base58.looksLike(s, 64) ? s : null;
  }

  /** Keys the transaction loads from address tables; their indices follow the message's own keys. */
  private static int loadedKeys(Object loadedAddresses) {
    if (loadedAddresses == null) {
      return 0;
    }
    Map<?, ?> loaded = object(loadedAddresses, "meta.loadedAddresses");
    return eachOf(String.class, "a string", JsonFields.optionalArray(loaded.get("writable"),
        "meta.loadedAddresses.writable"), "meta.loadedAddresses.writable").size()
        + eachOf(String.class, "a string", JsonFields.optionalArray(loaded.get("readonly"),
        "meta.loadedAddresses.readonly"), "meta.loadedAddresses.readonly").size();
  }

  private static List<?> tokenBalances(Object value, String path, int keyCount) {
    List<?> balances = eachOf(Map.class, "an object", JsonFields.optionalArray(value, path), path);
    for (int i = 0; i < balances.size(); i++) {
      String at = path + "[" + i + "]";
      Map<?, ?> balance = (Map<?, ?>) balances.get(i);
      JsonFields.index(balance.get("accountIndex"), at + ".accountIndex", keyCount);
      JsonFields.string(balance.get("mint"), at + ".mint");
      Map<?, ?> amount = object(balance.get("uiTokenAmount"), at + ".uiTokenAmount");
      JsonFields.u64String(amount.get("amount"), at + ".uiTokenAmount.amount");
      JsonFields.index(amount.get("decimals"), at + ".uiTokenAmount.decimals", 256);
    }
    return balances;
  }

  /** Each an object naming its program by an index into the keys ({@code json}) or by id ({@code jsonParsed}). */
  private static void instructions(List<?> instructions, String path, int keyCount) {
    for (int i = 0; i < instructions.size(); i++) {
      String at = path + "[" + i + "]";
      Map<?, ?> instruction = object(instructions.get(i), at);
      if (instruction.get("programId") != null) {
        JsonFields.string(instruction.get("programId"), at + ".programId");
      } else {
        JsonFields.index(instruction.get("programIdIndex"), at + ".programIdIndex", keyCount);
      }
      JsonFields.optionalArray(instruction.get("accounts"), at + ".accounts");
      if (instruction.get("data") != null) {
        JsonFields.string(instruction.get("data"), at + ".data");
      }
    }
  }

  private static List<?> eachOf(Class<?> type, String expected, List<?> list, String path) {
    for (int i = 0; i < list.size(); i++) {
      if (!type.isInstance(list.get(i))) {
        throw JsonFields.wrongType(path + "[" + i + "]", expected, list.get(i));
      }
    }
    return list;
  }

  /** Every instruction invokes the vote program (by index into the keys in {@code json}, by id in {@code jsonParsed}). */
  private static boolean isVote(List<?> instructions, List<?> keys) {
    if (instructions.isEmpty()) {
      return false;
    }
    for (Object value : instructions) {
      if (!(value instanceof Map<?, ?> instruction) || !VOTE_PROGRAM.equals(programOf(instruction, keys))) {
        return false;
      }
    }
    return true;
  }

  private static Object programOf(Map<?, ?> instruction, List<?> keys) {
    if (instruction.get("programId") != null) {
      return instruction.get("programId");
    }
    if (!(instruction.get("programIdIndex") instanceof Number index) || index.intValue() < 0
        || index.intValue() >= keys.size()) {
      return null;
    }
    Object key = keys.get(index.intValue());
    return key instanceof Map<?, ?> parsed ? parsed.get("pubkey") : key;
  }
}
