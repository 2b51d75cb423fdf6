package io.swapflush.flusher;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Keeps {@code storage.retentionDays} of stored alerts, as {@link EventRetention} does of events:
 * settled alerts that fired before then are deleted, a few thousand rows a statement so that no
 * transaction holds many locks or runs long; an alert still owed to a destination is kept.
 */
public final class AlertRetention {

  private static final int ROWS_AT_ONCE = 5000;

  private static final String DELETE_SOME = """
      WITH gone AS (
        DELETE FROM swap_alerts WHERE id IN (
          SELECT id FROM swap_alerts WHERE fired_at < now() - $1 * interval '1 day' AND settled LIMIT $2)
        RETURNING 1)
      SELECT count(*) FROM gone""";

  private final Pool pool;
  private final int days;

  public AlertRetention(Pool pool, int days) {
    this.pool = pool;
    this.days = days;
  }

  /** Deletes every settled alert past retention; how many went. */
  public Future<Long> deleteExpired() {
    return deleteFrom(0);
  }

  private Future<Long> deleteFrom(long deletedSoFar) {
    return pool.preparedQuery(DELETE_SOME).execute(Tuple.of(days, ROWS_AT_ONCE))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(deleted -> deleted < ROWS_AT_ONCE ? Future.succeededFuture(deletedSoFar + deleted)
            : deleteFrom(deletedSoFar + deleted));
  }
}
