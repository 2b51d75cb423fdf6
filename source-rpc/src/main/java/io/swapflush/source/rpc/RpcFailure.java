package io.swapflush.source.rpc;

/**
 * A JSON-RPC call that did not give a usable answer, classified so the source can act on purpose:
 * {@code reason} is what the metrics count ({@code rpc-error}, {@code rate-limited},
 * {@code http-5xx}, {@code http-status}, {@code timeout}, {@code connection}, {@code malformed},
 * {@code wrong-shape}); {@code code} the JSON-RPC error code when there is one; {@code retryAfterMs}
 * what the provider asked for with {@code Retry-After}, or -1.
 */
final class RpcFailure extends RuntimeException {

  /** Block not available for slot (yet): retry, never skip. */
  static final long BLOCK_NOT_AVAILABLE = -32004;
  /** Node is behind or overloaded: back off. */
  static final long NODE_UNHEALTHY = -32005;
  /** Slot skipped, or missing due to a ledger jump: confirmed by {@code getBlocks}. */
  static final long SLOT_SKIPPED = -32007;
  /** Slot missing in long-term storage: confirmed by {@code getBlocks}. */
  static final long LONG_TERM_STORAGE_SLOT_SKIPPED = -32009;
  /** The block holds a transaction version newer than {@code maxSupportedTransactionVersion}. */
  static final long UNSUPPORTED_TRANSACTION_VERSION = -32015;

  final String reason;
  final Long code;
  final long retryAfterMs;

  RpcFailure(String reason, Long code, long retryAfterMs, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }

  static RpcFailure of(String reason, String message) {
    return new RpcFailure(reason, null, -1, message);
  }

  /** The same failure, its message without the provider's secrets. */
  RpcFailure redacted(ProviderSecrets secrets) {
    return new RpcFailure(reason, code, retryAfterMs, secrets.redact(getMessage()));
  }

  boolean hasCode(long expected) {
    return code != null && code == expected;
  }
}
