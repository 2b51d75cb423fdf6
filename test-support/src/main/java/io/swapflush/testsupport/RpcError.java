package io.swapflush.testsupport;

import io.vertx.core.json.JsonObject;

/**
 * A JSON-RPC error object as a Solana node sends it. The codes and messages are Agave's: the
 * standard ones from jsonrpc-core ({@code ErrorCode::description}), the Solana ones from
 * {@code rpc-client-api/src/custom_error.rs}, the invalid-params texts from {@code rpc/src/rpc.rs}.
 *
 * @param data the error's {@code data} member, or null when it has none
 */
public record RpcError(int code, String message, JsonObject data) {

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int BLOCK_CLEANED_UP = -32001;
  public static final int BLOCK_NOT_AVAILABLE = -32004;
  public static final int NODE_UNHEALTHY = -32005;
  public static final int SLOT_SKIPPED = -32007;
  public static final int LONG_TERM_STORAGE_SLOT_SKIPPED = -32009;
  public static final int UNSUPPORTED_TRANSACTION_VERSION = -32015;

  /** Agave's {@code MAX_GET_CONFIRMED_BLOCKS_RANGE}: the widest {@code getBlocks} range. */
  public static final long MAX_BLOCKS_RANGE = 500_000;

  public RpcError(int code, String message) {
    this(code, message, null);
  }

  public static RpcError parseError() {
    return new RpcError(PARSE_ERROR, "Parse error");
  }

  public static RpcError invalidRequest() {
    return new RpcError(INVALID_REQUEST, "Invalid request");
  }

  public static RpcError methodNotFound() {
    return new RpcError(METHOD_NOT_FOUND, "Method not found");
  }

  /** A parameter that does not deserialize: jsonrpc-core's {@code Params::parse} wording. */
  public static RpcError invalidParams(String reason) {
    return new RpcError(INVALID_PARAMS, "Invalid params: " + reason + ".");
  }

  /** getBlock and getBlocks with {@code processed} ({@code check_is_at_least_confirmed}). */
  public static RpcError commitmentBelowConfirmed() {
    return new RpcError(INVALID_PARAMS, "Method does not support commitment below `confirmed`");
  }

  /** getBlocks over more than {@link #MAX_BLOCKS_RANGE} slots. */
  public static RpcError slotRangeTooLarge() {
    return new RpcError(INVALID_PARAMS, "Slot range too large; max " + MAX_BLOCKS_RANGE);
  }

  /** Below the node's ledger, without long-term storage behind it. */
  public static RpcError blockCleanedUp(long slot, long firstAvailableBlock) {
    return new RpcError(BLOCK_CLEANED_UP,
        "Block " + slot + " cleaned up, does not exist on node. First available block: " + firstAvailableBlock);
  }

  /** Not (yet) at the commitment asked for: above the head, or not confirmed. */
  public static RpcError blockNotAvailable(long slot) {
    return new RpcError(BLOCK_NOT_AVAILABLE, "Block not available for slot " + slot);
  }

  /** What a node that is catching up answers (a fault to inject; the server itself is always healthy). */
  public static RpcError nodeUnhealthy(long slotsBehind) {
    return new RpcError(NODE_UNHEALTHY, "Node is behind by " + slotsBehind + " slots",
        new JsonObject().put("numSlotsBehind", slotsBehind));
  }

  /** A rooted slot without a block, in the node's own ledger. */
  public static RpcError slotSkipped(long slot) {
    return new RpcError(SLOT_SKIPPED, "Slot " + slot + " was skipped, or missing due to ledger jump to recent snapshot");
  }

  /** A slot without a block below the node's ledger, looked up in long-term storage (BigTable). */
  public static RpcError longTermStorageSlotSkipped(long slot) {
    return new RpcError(LONG_TERM_STORAGE_SLOT_SKIPPED, "Slot " + slot + " was skipped, or missing in long-term storage");
  }

  /** A block holding a transaction of a version above the request's {@code maxSupportedTransactionVersion}. */
  public static RpcError unsupportedTransactionVersion(int version) {
    return new RpcError(UNSUPPORTED_TRANSACTION_VERSION, "Transaction version (" + version + ") is not supported by the "
        + "requesting client. Please try the request again with the following configuration parameter: "
        + "\"maxSupportedTransactionVersion\": " + version);
  }

  /** The error member of a response. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("code", code).put("message", message);
    return data == null ? json : json.put("data", data);
  }
}
