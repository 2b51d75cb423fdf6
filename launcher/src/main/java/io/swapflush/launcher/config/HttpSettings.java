package io.swapflush.launcher.config;

/**
 * Where the HTTP endpoints listen, and what unfinished requests may hold.
 *
 * @param idleTimeoutSeconds a connection that neither sends nor receives for this long is closed
 *     (a stalled upload frees its share of the bound below); longer than the slowest answer, an
 *     admin redeploy waiting for the flusher's drain
 * @param maxBodyBytesInFlight request body bytes buffered at once across all unfinished uploads;
 *     an upload beyond it is refused with 503 and {@code Retry-After}
 */
public record HttpSettings(String host, int port, int idleTimeoutSeconds, long maxBodyBytesInFlight) {

  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final long DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 64L << 20;

  /** Listening on {@code host:port} with the default bounds. */
  public HttpSettings(String host, int port) {
    this(host, port, DEFAULT_IDLE_TIMEOUT_SECONDS, DEFAULT_MAX_BODY_BYTES_IN_FLIGHT);
  }
}
