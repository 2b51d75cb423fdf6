package io.swapflush.parse;

/** A JSON-RPC response that carries an error object instead of a result. */
public final class JsonRpcError extends RuntimeException {

  private final long code;

  public JsonRpcError(long code, String message) {
    super("JSON-RPC error " + code + ": " + message, null, false, false);
    this.code = code;
  }

  public long code() {
    return code;
  }
}
