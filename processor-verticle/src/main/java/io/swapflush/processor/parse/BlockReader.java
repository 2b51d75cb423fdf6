package io.swapflush.processor.parse;

import static io.swapflush.processor.parse.JsonFields.array;
import static io.swapflush.processor.parse.JsonFields.base58;
import static io.swapflush.processor.parse.JsonFields.unsignedLong;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
    if (!(root instanceof JsonObject response)) {
      throw new InvalidTransactionException("wrong-type", "a getBlock response must be a JSON object");
    }
    if (response.getValue("error") instanceof JsonObject error) {
      Object code = error.getValue("code");
      throw new JsonRpcError(code instanceof Number n ? n.longValue() : 0, String.valueOf(error.getValue("message")));
    }
    if (!(response.getValue("result") instanceof JsonObject block)) {
      throw new InvalidTransactionException("wrong-type", "getBlock result for slot " + slot + " is not a block: "
          + JsonFields.abbreviate(String.valueOf(response.getValue("result"))));
    }
    Object time = block.getValue("blockTime");
    Long blockTime = time == null ? null : unsignedLong(time, "blockTime");
    Map<String, Integer> skipped = new TreeMap<>();
    List<Object> kept = new ArrayList<>();
    for (Object entry : array(block, "transactions", "result")) {
      String reason = skipReason(entry);
      if (reason != null) {
        skipped.merge(reason, 1, Integer::sum);
      } else {
        kept.add(((JsonObject) entry).put("slot", slot).put("blockTime", blockTime));
      }
    }
    return new SolanaBlock(slot, base58(block.getValue("blockhash"), "blockhash", 32),
        base58(block.getValue("previousBlockhash"), "previousBlockhash", 32),
        unsignedLong(block.getValue("parentSlot"), "parentSlot"), blockTime, kept, skipped, body.length);
  }

  /** Why a transaction cannot hold a swap, or null when it may; a malformed one goes to the parser to be counted. */
  private static String skipReason(Object entry) {
    if (!(entry instanceof JsonObject tx) || !(tx.getValue("transaction") instanceof JsonObject transaction)
        || !(transaction.getValue("message") instanceof JsonObject message)) {
      return null;
    }
    if (isVote(message)) {
      return "vote";
    }
    // early blocks hold transactions without a status: nothing to read balances from
    if (!(tx.getValue("meta") instanceof JsonObject meta)) {
      return "no-meta";
    }
    if (meta.getValue("err") != null) {
      return "failed";
    }
    if (isEmpty(meta.getValue("preTokenBalances")) && isEmpty(meta.getValue("postTokenBalances"))) {
      return "no-token-balance";
    }
    return null;
  }

  private static boolean isEmpty(Object balances) {
    return !(balances instanceof JsonArray array) || array.isEmpty();
  }

  /** Every instruction invokes the vote program (by index into the keys in {@code json}, by id in {@code jsonParsed}). */
  private static boolean isVote(JsonObject message) {
    if (!(message.getValue("instructions") instanceof JsonArray instructions) || instructions.isEmpty()
        || !(message.getValue("accountKeys") instanceof JsonArray keys)) {
      return false;
    }
    for (Object value : instructions) {
      if (!(value instanceof JsonObject instruction) || !VOTE_PROGRAM.equals(programOf(instruction, keys))) {
        return false;
      }
    }
    return true;
  }

  private static Object programOf(JsonObject instruction, JsonArray keys) {
    if (instruction.getValue("programId") != null) {
      return instruction.getValue("programId");
    }
    if (!(instruction.getValue("programIdIndex") instanceof Number index) || index.intValue() < 0
        || index.intValue() >= keys.size()) {
      return null;
    }
    Object key = keys.getValue(index.intValue());
    return key instanceof JsonObject parsed ? parsed.getValue("pubkey") : key;
  }
}
