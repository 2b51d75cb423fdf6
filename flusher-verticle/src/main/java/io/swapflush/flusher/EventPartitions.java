package io.swapflush.flusher;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partitions of {@code swap_events}: one per {@value #SLOTS} slots (a day of the chain at 400 ms
 * a slot), {@code swap_events_p<N>} holding slots N × {@value #SLOTS} up to the next. A write first
 * makes sure the partitions of its rows exist, and the one after the newest (so the next day's
 * first write finds it made), asking the database only for partitions it has not seen: a row is
 * never refused for want of a partition, whatever day it is of (a backfill of last year's history).
 */
final class EventPartitions {

  static final long SLOTS = 216_000;

  /**
   * Creates a partition unless it exists; instances racing to create one wait on each other. As its
   * owner (security definer), so the role the service writes with needs no CREATE privilege.
   */
  static final String ENSURE_FUNCTION = """
      CREATE OR REPLACE FUNCTION swap_events_ensure_partition(p bigint) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
      DECLARE
        name text := 'swap_events_p' || p;
      BEGIN
        -- a table that is not partitioned (a TimescaleDB hypertable) makes its own chunks
        IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('swap_events')) <> 'p' THEN
          RETURN;
        END IF;
        IF to_regclass(name) IS NULL THEN
          PERFORM pg_advisory_xact_lock(6005340441321493076); -- 'SWAPPART'
          -- made apart, then attached: ATTACH takes only a SHARE UPDATE EXCLUSIVE lock on swap_events,
          -- so writes into the other partitions and queries go on (CREATE … PARTITION OF would wait
          -- for every open statement on the table and hold every new one behind it)
          BEGIN
            EXECUTE format('CREATE TABLE %I (LIKE swap_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
            EXECUTE format('ALTER TABLE swap_events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                           name, p * {SLOTS}, (p + 1) * {SLOTS});
          EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL; -- another instance made it first, after this one looked
          END;
        END IF;
      END $$""".replace("{SLOTS}", Long.toString(SLOTS));

  private static final String ENSURE = "SELECT swap_events_ensure_partition(p) FROM unnest($1::int8[]) AS p";

  private final Pool pool;
  private final Set<Long> known = new HashSet<>();

  EventPartitions(Pool pool) {
    this.pool = pool;
  }

  static long of(long slot) {
    return Math.floorDiv(slot, SLOTS);
  }

  /** Makes sure the partitions of the events' slots exist, and the one after the newest. */
  Future<Void> ensureFor(List<SourcedEvent> events) {
    TreeSet<Long> needed = new TreeSet<>();
    for (SourcedEvent event : events) {
      needed.add(of(event.event().slot()));
    }
    if (!needed.isEmpty()) {
      needed.add(needed.last() + 1);
    }
    needed.removeAll(known);
    if (needed.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(ENSURE).execute(Tuple.tuple().addArrayOfLong(needed.toArray(Long[]::new)))
        .map(done -> {
          known.addAll(needed);
          return null;
        });
  }

  /** A write found a partition missing (retention dropped it since): ask the database again. */
  void forget() {
    known.clear();
  }
}
