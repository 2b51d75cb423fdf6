package io.swapflush.flusher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
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
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partitions made as rows need them, against a real PostgreSQL: while a reader holds a transaction
 * open on swap_events (a long report, say), and by two flushers racing for the same new partition.
 */
@ExtendWith(VertxExtension.class)
class EventPartitionsTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  private static Future<?> write(Vertx vertx, String signature, long slot) {
    return vertx.eventBus().request(Addresses.EVENTS, HandOff.of(new TransactionEvents(0,
        List.of(SampleEvents.event(signature, "trader", slot, 1_700_000_000L)))));
  }

  private Future<String> deploy(Vertx vertx) {
    HandOffCodec.registerOn(vertx);
    return vertx.deployVerticle(new FlusherVerticle(FlusherSettings.DEFAULTS.withSpillDir(spillDir.toString()),
        db.options(), new PoolOptions(), new SimpleMeterRegistry()));
  }

  @Test
  void aNewPartitionIsMadeWhileAReaderHoldsTheTableOpen(Vertx vertx) {
    Await.result(deploy(vertx));
    Await.result(write(vertx, "first", 1));
    await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM swap_events") == 1);
    Pool pool = PgBuilder.pool().connectingTo(db.options()).using(vertx).build();
    SqlConnection reader = Await.result(pool.getConnection());
    try {
      Await.result(reader.query("BEGIN").execute().compose(v -> reader.query("SELECT count(*) FROM swap_events")
          .execute()));
      // slots three days on: a partition to make while the reader's transaction is open
      Await.result(write(vertx, "later", 3 * EventPartitions.SLOTS + 5));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
          "SELECT count(*) FROM swap_events WHERE signature = 'later'") == 1);
    } finally {
      Await.result(reader.query("ROLLBACK").execute().eventually(reader::close).eventually(pool::close));
    }
  }

  @Test
  void twoFlushersNeedingTheSameNewPartitionBothWrite() {
    db.dropSwapflushTables();
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      Await.result(Future.all(deploy(first), deploy(second)));
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long slot = (10L + i) * EventPartitions.SLOTS;
        writes.add(write(first, "a" + i, slot));
        writes.add(write(second, "b" + i, slot + 1));
      }
      Await.result(Future.all(writes));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM swap_events") == 40);
      assertEquals(0, db.count("SELECT count(*) FROM swap_events_rejected"), "no row set aside");
    } finally {
      Await.result(Future.join(first.close(), second.close()));
    }
  }
}
