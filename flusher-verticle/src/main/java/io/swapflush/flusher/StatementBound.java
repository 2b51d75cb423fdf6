package io.swapflush.flusher;

import io.vertx.pgclient.PgConnectOptions;

/**
 * Bounds every write of the flusher. The server aborts a statement that runs past
 * {@code statement_timeout}; a link that stops answering altogether (a partition, a half-open
 * connection: nothing comes back, no FIN, no RST) is noticed by the client when no answer came in
 * that long plus a margin: the flusher then closes its connections and writes again on fresh ones.
 * Rows are keyed and checkpoints only grow: a retry of a write that did commit changes nothing.
 */
final class StatementBound {

  static final String SETTING = "statement_timeout";
  static final long DEFAULT_MS = 30_000;
  /** The server's own timeout, with a clear error, comes first while the link works. */
  private static final long MARGIN_MS = 5_000;

  private StatementBound() {
  }

  /** The options with {@code statement_timeout} set for every session, unless they already set it. */
  static PgConnectOptions onServer(PgConnectOptions options) {
    PgConnectOptions bounded = new PgConnectOptions(options);
    if (!bounded.getProperties().containsKey(SETTING)) {
      bounded.addProperty(SETTING, Long.toString(DEFAULT_MS));
    }
    return bounded;
  }

  /** How long the client waits for an answer before it gives the link up. */
  static long onClientMs(PgConnectOptions bounded) {
    return Long.parseLong(bounded.getProperties().get(SETTING)) + MARGIN_MS;
  }
}
