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
 * the rest get the block's slot and time, which a block's transactions do not carry. A transaction
 * no node would send fails the whole block ({@link BlockEntry}). Stateless and thread-safe: meant to
 * run off the event loop, since a real block is 7–12 MB of JSON.
 */
public final class BlockReader {

  private BlockReader() {
  }

  /**
   * The block of {@code slot} in a response body; a JSON-RPC error is thrown as {@link JsonRpcError},
   * an answer that is no block, or holds a transaction no node would send, as
   * {@link InvalidTransactionException}.
   */
  public static SolanaBlock<Object> read(byte[] body, long slot) {
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
    List<?> entries = array(block, "transactions", "result");
    for (int i = 0; i < entries.size(); i++) {
      String reason = BlockEntry.skipReason(entries.get(i), slot, i);
      if (reason != null) {
        skipped.merge(reason, 1, Integer::sum);
      } else {
        kept.add(withBlockFields(entries.get(i), slot, blockTime));
      }
    }
    return new SolanaBlock<>(slot, base58(block.get("blockhash"), "blockhash", 32),
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
}
