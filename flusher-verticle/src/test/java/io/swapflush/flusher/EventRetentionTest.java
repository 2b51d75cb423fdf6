package io.swapflush.flusher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.SampleEvents;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention against a real PostgreSQL: whole partitions past {@code retentionDays} go while the
 * flusher goes on writing today's rows — none of those lost, none waiting on the table.
 */
@ExtendWith(VertxExtension.class)
class EventRetentionTest {

  private static final long NOW = System.currentTimeMillis() / 1000;
  private static final long DAY = 86_400;

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  /** One transaction of {@code events} trades in a partition's slots, each {@code daysAgo} old. */
  private static TransactionEvents trades(String name, long partition, int events, long daysAgo) {
    List<SwapEvent> list = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      list.add(SampleEvents.event(name + "-" + i, "trader", partition * EventPartitions.SLOTS + i, NOW - daysAgo * DAY));
    }
    return new TransactionEvents(0, list);
  }

  private static long todaysRows() {
    return db.count("SELECT count(*) FROM swap_events WHERE signature LIKE 'today%'");
  }

  private static List<String> partitions() {
    return db.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        + "WHERE i.inhparent = 'swap_events'::regclass ORDER BY c.relname").stream().map(row -> row.getString(0)).toList();
  }

  @Test
  void partitionsPastRetentionGoWhileTodaysWritesGoOn(Vertx vertx) throws Exception {
    HandOffCodec.registerOn(vertx);
    Await.result(vertx.deployVerticle(new FlusherVerticle(FlusherSettings.DEFAULTS.withSpillDir(spillDir.toString()),
        db.options(), new PoolOptions(), new SimpleMeterRegistry())));
    List<Future<?>> old = new ArrayList<>();
    // three old days (one without block times: nothing to judge it by), one within the 30 days kept
    for (TransactionEvents tx : List.of(trades("d100", 1, 50, 100), trades("d90", 2, 50, 90), trades("d10", 4, 50, 10),
        new TransactionEvents(0, List.of(SampleEvents.event("untimed", "trader", 3 * EventPartitions.SLOTS, null))))) {
      old.add(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(tx)));
    }
    Await.result(Future.all(old));
    await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM swap_events") == 151);

    // today's writes for as long as retention runs, each hand-off once the one before it is stored
    // (the flusher's buffer is never the limit here)
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger written = new AtomicInteger();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      for (int n = 0; writing.get() || n < 20; n++) {
        Await.result(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(trades("today" + n, 9, 10, 0))));
        int stored = written.addAndGet(10);
        await().atMost(Duration.ofSeconds(30)).until(() -> todaysRows() == stored);
      }
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> written.get() >= 50);
    Pool pool = PgBuilder.pool().connectingTo(db.options()).using(vertx).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> dropped = Await.result(new EventRetention(vertx, pool, 30, registry).dropExpired());
    writing.set(false);
    writer.join();

    assertEquals(List.of("swap_events_p1", "swap_events_p2"), dropped);
    assertEquals(List.of("swap_events_p10", "swap_events_p3", "swap_events_p4", "swap_events_p5", "swap_events_p9"),
        partitions());
    assertEquals(2, registry.get("swap.partitions.dropped").counter().count());
    assertEquals(written.get(), todaysRows());
    assertEquals(51, db.count("SELECT count(*) FROM swap_events WHERE signature NOT LIKE 'today%'"),
        "the 10 days old and the untimed are kept");
    assertTrue(Await.result(new EventRetention(vertx, pool, 30, registry).dropExpired()).isEmpty(), "nothing more");
    Await.result(pool.close());
  }
}
