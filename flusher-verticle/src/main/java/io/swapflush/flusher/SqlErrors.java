package io.swapflush.flusher;

import io.vertx.pgclient.PgException;

/**
 * Classifies a failed write by SQLSTATE. Only data errors (classes 22 and 23) are the rows' fault
 * and permanent; everything else — connection loss (08), resources (53), shutdown (57P0x),
 * serialization and deadlock (40001, 40P01), pool timeouts, and SQLSTATEs nobody expected — is
 * retried, because keeping a batch is always safe and dropping it never is.
 */
final class SqlErrors {

  private SqlErrors() {
  }

  /** True when retrying the same rows cannot succeed: the rows themselves are bad. */
  static boolean isBadData(Throwable failure) {
    String state = sqlState(failure);
    return state != null && (state.startsWith("22") || state.startsWith("23")) && !isMissingPartition(failure);
  }

  /**
   * A row for which {@code swap_events} has no partition (check_violation, but not the row's fault:
   * retention dropped the partition since the writer last made sure of it): retried after asking again.
   */
  static boolean isMissingPartition(Throwable failure) {
    return "23514".equals(sqlState(failure)) && String.valueOf(failure.getMessage()).contains("no partition of relation");
  }

  static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PgException pg) {
        return pg.getSqlState();
      }
    }
    return null;
  }

  static String describe(Throwable failure) {
    String state = sqlState(failure);
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return state == null ? message : message + " (SQLSTATE " + state + ")";
  }
}
