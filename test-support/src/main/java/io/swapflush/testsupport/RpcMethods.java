package io.swapflush.testsupport;

import io.swapflush.testsupport.ServedBlock.TransactionDetails;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The methods the server speaks, their parameters read as a node reads them. */
final class RpcMethods {

  private final SolanaLedger ledger;

  RpcMethods(SolanaLedger ledger) {
    this.ledger = ledger;
  }

  /** The result of one call, encoded; an {@link RpcFailure} for an error response. */
  Buffer call(String method, Object params) {
    JsonArray list = positional(params);
    switch (method) {
      case "getSlot":
        return Buffer.buffer(Long.toString(ledger.head(commitment(config(list, 0)))));
      case "getBlocks":
        return getBlocks(list);
      case "getBlock":
        return getBlock(list);
      default:
        throw new RpcFailure(RpcError.methodNotFound());
    }
  }

  /**
   * The name a call is also counted and given faults under, besides its method's: {@link
   * SolanaRpcServer#GET_BLOCK_HEADER_ONLY} for a getBlock asking for no transactions; else null.
   */
  static String variant(String method, Object params) {
    return "getBlock".equals(method) && params instanceof JsonArray list && list.size() > 1
        && list.getValue(1) instanceof JsonObject config && "none".equals(config.getValue("transactionDetails"))
        ? SolanaRpcServer.GET_BLOCK_HEADER_ONLY : null;
  }

  /** getBlocks(start, end?, config?); the second may be the config, as RpcBlocksConfigWrapper allows. */
  private Buffer getBlocks(JsonArray params) {
    long start = slot(params, 0, "start slot");
    Long end = null;
    JsonObject config = config(params, 2);
    Object second = params.size() > 1 ? params.getValue(1) : null;
    if (second instanceof JsonObject object) {
      config = object;
    } else if (second != null) {
      end = slot(params, 1, "end slot");
    }
    return ledger.blocks(start, end, commitment(config)).toBuffer();
  }

  /** getBlock(slot, config?); a string in place of the config is the deprecated encoding-only form. */
  private Buffer getBlock(JsonArray params) {
    long slot = slot(params, 0, "slot");
    Object second = params.size() > 1 ? params.getValue(1) : null;
    JsonObject config = second instanceof JsonObject object ? object : new JsonObject();
    if (second != null && !(second instanceof JsonObject) && !(second instanceof String)) {
      throw new RpcFailure(RpcError.invalidParams("expected a config object or an encoding, got " + second));
    }
    Object maxVersion = config.getValue("maxSupportedTransactionVersion");
    if (maxVersion != null && !(maxVersion instanceof Number)) {
      throw new RpcFailure(RpcError.invalidParams("invalid type: maxSupportedTransactionVersion " + maxVersion
          + ", expected u8"));
    }
    return ledger.block(slot, commitment(config), TransactionDetails.parse(config.getString("transactionDetails")),
        config.getBoolean("rewards", true), maxVersion == null ? null : ((Number) maxVersion).intValue());
  }

  private static JsonArray positional(Object params) {
    if (params == null) {
      return new JsonArray();
    }
    if (params instanceof JsonArray array) {
      return array;
    }
    throw new RpcFailure(RpcError.invalidParams("invalid type: map, expected a sequence"));
  }

  private static long slot(JsonArray params, int index, String what) {
    Object value = params.size() > index ? params.getValue(index) : null;
    if (value instanceof Number number && number.longValue() >= 0 && number.doubleValue() == number.longValue()) {
      return number.longValue();
    }
    throw new RpcFailure(RpcError.invalidParams(value == null
        ? "invalid length " + params.size() + ", expected the " + what
        : "invalid value: " + value + ", expected the " + what + " (u64)"));
  }

  private static JsonObject config(JsonArray params, int index) {
    Object value = params.size() > index ? params.getValue(index) : null;
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw new RpcFailure(RpcError.invalidParams("invalid type: " + value + ", expected a config object"));
  }

  private static Commitment commitment(JsonObject config) {
    return Commitment.parse(config == null ? null : config.getString("commitment"));
  }
}
