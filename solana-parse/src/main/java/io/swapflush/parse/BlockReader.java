package io.swapflush.parse;

import static io.swapflush.parse.JsonFields.array;
import static io.swapflush.parse.JsonFields.base58;
import static io.swapflush.parse.JsonFields.unsignedLong;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a {@code getBlock} JSON-RPC response (transaction details {@code full}, encoding {@code json}
 * or {@code jsonParsed}) into a {@link SolanaBlock}. Most of a mainnet block is vote transactions and
 * transactions that move no token: they are counted and left out here, before the full parse, and
 * the rest get the block's slot and time, which a block's transactions do not carry. Stateless and
 * thread-safe: meant to run off the event loop, since a real block is 7–12 MB of JSON.
 */
public final class BlockReader {

  private static final String VOTE_PROGRAM = "Vote111111111111111111111111111111111111111";

  private BlockReader() {
  }

  /** The block of {@code slot} in a response body; a JSON-RPC error is thrown as {@link JsonRpcError}. */
  public static SolanaBlock read(byte[] body, long slot) {
    Object root = LeanJson.decode(body);
    if (!(root instanceof Map<?, ?> response)) {
      throw new InvalidTransactionException("wrong-type", "a getBlock response must be a JSON object");
    }
    if (response.get("error") instanceof Map<?, ?> error) {
      Object code = error.get("code");
      throw new JsonRpcError(code instanceof Number n ? n.longValue() : 0, String.valueOf(error.get("message")));
    }
    if (!(response.get("result") instanceof Map<?, ?> block)) {
      throw new InvalidTransactionException("wrong-type", "getBlock result for slot " + slot + " is not a block: "
          + JsonFields.abbreviate(String.valueOf(response.get("result"))));
    }
    Object time = block.get("blockTime");
    Long blockTime = time == null ? null : unsignedLong(time, "blockTime");
    Map<String, Integer> skipped = new TreeMap<>();
    List<Object> kept = new ArrayList<>();
    for (Object entry : array(block, "transactions", "result")) {
      String reason = skipReason(entry);
      if (reason != null) {
        skipped.merge(reason, 1, Integer::sum);
      } else {
        kept.add(withBlockFields(entry, slot, blockTime));
      }
    }
    return new SolanaBlock(slot, base58(block.get("blockhash"), "blockhash", 32),
        base58(block.get("previousBlockhash"), "previousBlockhash", 32),
        unsignedLong(block.get("parentSlot"), "parentSlot"), blockTime, kept, skipped, body.length);
  }

  /** The entry given the block's slot and time, which a getTransaction result carries and a block's entries do not. */
  @SuppressWarnings("unchecked") // LeanJson decodes every object into a HashMap<String, Object>
  private static Map<String, Object> withBlockFields(Object entry, long slot, Long blockTime) {
    Map<String, Object> transaction = (Map<String, Object>) entry;
    transaction.put("slot", slot);
    transaction.put("blockTime", blockTime);
    return transaction;
  }

  /** Why a transaction cannot hold a swap, or null when it may; a malformed one goes to the parser to be counted. */
  private static String skipReason(Object entry) {
    if (!(entry instanceof Map<?, ?> tx) || !(tx.get("transaction") instanceof Map<?, ?> transaction)
        || !(transaction.get("message") instanceof Map<?, ?> message)) {
      return null;
    }
    if (isVote(message)) {
      return "vote";
    }
    // early blocks hold transactions without a status: nothing to read balances from
    if (!(tx.get("meta") instanceof Map<?, ?> meta)) {
      return "no-meta";
    }
    if (meta.get("err") != null) {
      return "failed";
    }
    if (isEmpty(meta.get("preTokenBalances")) && isEmpty(meta.get("postTokenBalances"))) {
      return "no-token-balance";
    }
    return null;
  }

  private static boolean isEmpty(Object balances) {
    return !(balances instanceof List<?> array) || array.isEmpty();
  }

  /** Every instruction invokes the vote program (by index into the keys in {@code json}, by id in {@code jsonParsed}). */
  private static boolean isVote(Map<?, ?> message) {
    if (!(message.get("instructions") instanceof List<?> instructions) || instructions.isEmpty()
        || !(message.get("accountKeys") instanceof List<?> keys)) {
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
