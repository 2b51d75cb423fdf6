package io.swapflush.testsupport;

import java.time.Duration;

/**
 * A way for {@link SolanaRpcServer} to misbehave on a call, as nodes and providers do: an error
 * answer, rate limiting, a failing gateway, a slow answer, an answer that trickles in, a connection
 * lost mid-body, a body that is not the JSON it claims to be. Given with {@link SolanaRpcServer#misbehave}.
 */
public final class RpcFault {

  enum Kind {
    /** The call answers {@link #error} instead of its result; the rest of a batch is unaffected. */
    ERROR,
    /** The call's {@code result} is a string, where a number, an array or an object is expected. */
    WRONG_RESULT_SHAPE,
    /** HTTP 429 with {@code Retry-After}. */
    TOO_MANY_REQUESTS,
    /** HTTP {@link #status} with a text body, as a gateway in front of a node answers. */
    HTTP_STATUS,
    /** The true answer, after {@link #delay}. */
    DELAY,
    /**
     * The true answer with its full Content-Length, {@link #chunkBytes} of its body every {@link #delay}: a
     * connection never idle for long, an answer that takes as long as the provider likes.
     */
    TRICKLE,
    /** Status, headers with the full Content-Length and part of the body, then the connection closes. */
    CUT_MID_BODY,
    /** A complete HTTP response whose body is the first part of the true JSON (Content-Length matches it). */
    TRUNCATED_BODY,
    /** HTTP 200 with an HTML page, as a misconfigured proxy answers. */
    NOT_JSON
  }

  final Kind kind;
  final RpcError error;
  final int status;
  /** How long a {@code DELAY} waits; the {@code Retry-After} of {@code TOO_MANY_REQUESTS}; a {@code TRICKLE}'s pause. */
  final Duration delay;
  /** The bytes a {@code TRICKLE} sends at a time. */
  final int chunkBytes;

  private RpcFault(Kind kind, RpcError error, int status, Duration delay) {
    this(kind, error, status, delay, 0);
  }

  private RpcFault(Kind kind, RpcError error, int status, Duration delay, int chunkBytes) {
    this.kind = kind;
    this.error = error;
    this.status = status;
    this.delay = delay;
    this.chunkBytes = chunkBytes;
  }

  /** The call answers this JSON-RPC error (e.g. {@link RpcError#nodeUnhealthy}). */
  public static RpcFault error(RpcError error) {
    return new RpcFault(Kind.ERROR, error, 200, null);
  }

  public static RpcFault wrongResultShape() {
    return new RpcFault(Kind.WRONG_RESULT_SHAPE, null, 200, null);
  }

  /** HTTP 429 with {@code Retry-After: retryAfterSeconds}. */
  public static RpcFault tooManyRequests(int retryAfterSeconds) {
    return new RpcFault(Kind.TOO_MANY_REQUESTS, null, 429, Duration.ofSeconds(retryAfterSeconds));
  }

  /** An HTTP error status, e.g. 502 or 503. */
  public static RpcFault httpStatus(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an HTTP error status, got " + status);
    }
    return new RpcFault(Kind.HTTP_STATUS, null, status, null);
  }

  public static RpcFault delay(Duration delay) {
    return new RpcFault(Kind.DELAY, null, 200, delay);
  }

  /** The true answer, {@code bytes} of it every {@code every}. */
  public static RpcFault trickle(int bytes, Duration every) {
    if (bytes < 1) {
      throw new IllegalArgumentException("at least a byte at a time, got " + bytes);
    }
    return new RpcFault(Kind.TRICKLE, null, 200, every, bytes);
  }

  public static RpcFault cutMidBody() {
    return new RpcFault(Kind.CUT_MID_BODY, null, 200, null);
  }

  public static RpcFault truncatedBody() {
    return new RpcFault(Kind.TRUNCATED_BODY, null, 200, null);
  }

  public static RpcFault notJson() {
    return new RpcFault(Kind.NOT_JSON, null, 200, null);
  }

  @Override
  public String toString() {
    return kind + (error != null ? " " + error : "") + (delay != null ? " " + delay : "")
        + (kind == Kind.HTTP_STATUS ? " " + status : "") + (kind == Kind.TRICKLE ? " " + chunkBytes + " bytes" : "");
  }
}
