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
      List<?> preTokens = optionalObjects(meta.get("preTokenBalances"), "meta.preTokenBalances");
      List<?> postTokens = optionalObjects(meta.get("postTokenBalances"), "meta.postTokenBalances");
      JsonFields.optionalArray(meta.get("innerInstructions"), "meta.innerInstructions");
      if (meta.get("loadedAddresses") != null) {
        object(meta.get("loadedAddresses"), "meta.loadedAddresses");
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

  private static List<?> optionalObjects(Object value, String path) {
    return eachOf(Map.class, "an object", JsonFields.optionalArray(value, path), path);
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
