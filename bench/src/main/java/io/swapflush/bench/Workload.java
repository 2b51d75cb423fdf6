package io.swapflush.bench;

import io.swapflush.flusher.SwapEventsSchema;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;

/**
 * Where a scenario writes: the run's own database, reached directly ({@code loopback}) or through
 * the latency proxy ({@code remote}, then {@code proxy} is that proxy). Fresh tables before each
 * scenario.
 */
record Workload(String name, TestDatabase db, PgConnectOptions options, LatencyProxy proxy) {

  void freshTables() {
    db.query("DROP TABLE IF EXISTS swap_events, swap_events_rejected, swap_checkpoints");
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(db.options()).using(vertx).build();
      // the rows that write without the flusher find their partition (and the next) made
      long partition = HandoffEvents.FIRST_SLOT / 216_000;
      Await.result(SwapEventsSchema.ensure(pool)
          .compose(v -> pool.query("SELECT swap_events_ensure_partition(p) FROM generate_series(" + partition + ", "
              + (partition + 1) + ") AS p").execute())
          .eventually(pool::close));
    } finally {
      vertx.close();
    }
    db.query("CHECKPOINT");
  }

  long rows() {
    return db.count("SELECT count(*) FROM swap_events");
  }

  /** Waits until {@code expected} rows are stored, checking at a slow pace that does not load the database. */
  void awaitRows(long expected, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (rows() < expected && System.currentTimeMillis() < deadline) {
      sleep(200);
    }
  }

  /**
   * Hand-off to commit, from the hand-off time each event carries in {@code base_amount} (epoch µs) to
   * {@code inserted_at} (the start of the transaction that committed it): {p50 ms, p99 ms, last µs}.
   */
  double[] endToEnd() {
    return endToEnd(db, "base_amount", "true");
  }

  /**
   * Hand-off to commit of the rows {@code where} selects, each stamped with its hand-off time (epoch
   * µs) in column {@code stamp}: {p50 ms, p99 ms, the last {@code inserted_at} in epoch µs}.
   */
  static double[] endToEnd(TestDatabase db, String stamp, String where) {
    Row row = db.query("""
        SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lat) / 1000,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY lat) / 1000,
               max(at)
        FROM (SELECT extract(epoch FROM inserted_at) * 1e6 - {stamp} AS lat,
                     extract(epoch FROM inserted_at) * 1e6 AS at FROM swap_events WHERE {where}) t"""
        .replace("{stamp}", stamp).replace("{where}", where)).get(0);
    return new double[] {row.getDouble(0), row.getDouble(1), row.getDouble(2)};
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
