package io.swapflush.flusher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code storage.retentionDays} of swap events: a minute after start (the flusher has brought
 * the schema up to date by then) and every hour, whole partitions whose
 * newest row (by slot) is older than that go, oldest first, by {@code DETACH PARTITION CONCURRENTLY}
 * and then {@code DROP} — writes go on meanwhile, none waits for an exclusive lock on the table.
 * The newest partition with rows is never dropped (a backfill of old history writes into it), nor a
 * partition whose rows have no block time. Instances may run it together: what another dropped first
 * is skipped. The stored alerts of that age go too ({@link AlertRetention}).
 */
public final class EventRetention {

  private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
  private static final long FIRST_AFTER_MS = 60_000;
  private static final long EVERY_MS = 3_600_000;

  /** The partitions below the one holding the newest row, oldest first. */
  private static final String OLDER_PARTITIONS = """
      SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'swap_events'::regclass AND c.relname ~ '^swap_events_p[0-9]+$'
        AND substring(c.relname FROM 14)::bigint < (SELECT max(slot) / $1 FROM swap_events)
      ORDER BY substring(c.relname FROM 14)::bigint""";

  private final Vertx vertx;
  private final Pool pool;
  private final int days;
  private final Counter dropped;
  private final AlertRetention alerts;
  private long timer = -1;

  public EventRetention(Vertx vertx, Pool pool, int days, MeterRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.days = days;
    this.alerts = new AlertRetention(pool, days);
    this.dropped = Counter.builder("swap.partitions.dropped").description(
        "Partitions of swap_events dropped as older than storage.retentionDays").register(registry);
  }

  public void start() {
    timer = vertx.setPeriodic(FIRST_AFTER_MS, EVERY_MS, id -> run());
  }

  private void run() {
    dropExpired().onFailure(e -> log.warn("Retention: partitions past {} days not dropped this time: {}", days,
        SqlErrors.describe(e)));
    alerts.deleteExpired()
        .onSuccess(deleted -> {
          if (deleted > 0) {
            log.info("Retention: deleted {} delivered alerts older than {} days", deleted, days);
          }
        })
        .onFailure(e -> log.warn("Retention: alerts past {} days not deleted this time: {}", days,
            SqlErrors.describe(e)));
  }

  /** Drops the partitions past retention, oldest first; the names of those it dropped. */
  public Future<List<String>> dropExpired() {
    Instant cutoff = Instant.now().minusSeconds(days * 86_400L);
    return pool.preparedQuery(OLDER_PARTITIONS).execute(Tuple.of(EventPartitions.SLOTS))
        .map(rows -> rows.stream().map(row -> row.getString(0)).toList())
        .compose(partitions -> dropFrom(partitions, 0, cutoff, new ArrayList<>()));
  }

  private Future<List<String>> dropFrom(List<String> partitions, int index, Instant cutoff, List<String> done) {
    if (index == partitions.size()) {
      return Future.succeededFuture(done);
    }
    String partition = partitions.get(index);
    return newest(partition).compose(newest -> {
      if (newest == null) {
        return dropFrom(partitions, index + 1, cutoff, done); // empty, or no block times: nothing to judge by
      }
      if (!newest.isBefore(cutoff)) {
        return Future.succeededFuture(done); // the partitions after it are newer still
      }
      return drop(partition).compose(v -> {
        done.add(partition);
        return dropFrom(partitions, index + 1, cutoff, done);
      });
    });
  }

  /** The block time of the partition's newest row that has one; null when none has. */
  private Future<Instant> newest(String partition) {
    return pool.query("SELECT block_time FROM " + partition + " WHERE block_time IS NOT NULL ORDER BY slot DESC LIMIT 1")
        .execute()
        .map(rows -> {
          if (!rows.iterator().hasNext()) {
            return null;
          }
          Row row = rows.iterator().next();
          return row.getOffsetDateTime(0).toInstant();
        });
  }

  private Future<Void> drop(String partition) {
    return pool.query("ALTER TABLE swap_events DETACH PARTITION " + partition + " CONCURRENTLY").execute()
        .recover(e -> String.valueOf(e.getMessage()).contains("pending detach")
            // an earlier detach was cut short: it is finished, not started again
            ? pool.query("ALTER TABLE swap_events DETACH PARTITION " + partition + " FINALIZE").execute()
            : Future.failedFuture(e))
        .compose(v -> pool.query("DROP TABLE IF EXISTS " + partition).execute())
        .map(v -> {
          dropped.increment();
          log.info("Retention: dropped partition {} (its newest row is older than {} days)", partition, days);
          return null;
        });
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }
}
