package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.event;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TcpProxy;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint is committed with the events, and never passes a position that is not in the table. */
@ExtendWith(VertxExtension.class)
class CheckpointCommitTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  @BeforeEach
  void emptyTables() {
    db.query("DROP TABLE IF EXISTS swap_events, swap_events_rejected, swap_checkpoints");
  }

  private void deploy(Vertx vertx, io.vertx.pgclient.PgConnectOptions options, int batchSize) {
    HandOffCodec.registerOn(vertx);
    FlusherSettings settings = new FlusherSettings(100_000, batchSize, 2, 50, 0, 5000, 10, 100, OverflowPolicy.BACKPRESSURE,
        spillDir.toString());
    Await.result(vertx.deployVerticle(new FlusherVerticle(settings, options, new PoolOptions(), new SimpleMeterRegistry())));
  }

  /** Line {@code n} of source "feed": one event, signature "sig<n>"; every fifth line has none. */
  private static TransactionEvents line(long n) {
    return new TransactionEvents("feed", n, n % 5 == 0 ? List.of() : List.of(event("sig" + n, "trader")));
  }

  private static void send(Vertx vertx, List<TransactionEvents> lines) {
    List<Future<Object>> sent = new ArrayList<>();
    lines.forEach(l -> sent.add(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(l)).map(m -> m.body())));
    Await.result(Future.all(sent));
  }

  private long checkpoint() {
    List<Row> rows = db.query("SELECT position FROM swap_checkpoints WHERE source_id = 'feed'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  /** The flusher's own answer to a source asking where to resume. */
  private static SourceCheckpoint askedCheckpoint(Vertx vertx, String source) {
    return Await.result(vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, source)
        .map(m -> SourceCheckpoint.fromJson(m.body())));
  }

  @Test
  void aGapHoldsTheCheckpointUntilItIsFilled(Vertx vertx) {
    deploy(vertx, db.options(), 1000);
    List<TransactionEvents> lines = new ArrayList<>();
    for (long n = 1; n <= 20; n++) {
      if (n != 11) {
        lines.add(line(n));
      }
    }
    send(vertx, lines);
    long events = lines.stream().mapToInt(TransactionEvents::size).sum();
    // every line but 11 is written: the checkpoint reaches the gap, and holds there
    await("line 11 is missing").during(Duration.ofMillis(300)).atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals(events, db.count("SELECT count(*) FROM swap_events"));
      assertEquals(10, checkpoint());
      assertEquals(10, askedCheckpoint(vertx, "feed").position());
    });
    send(vertx, List.of(line(11)));
    await("lines without events count too").atMost(TIMEOUT).until(() -> checkpoint() == 20);
    assertEquals(SourceCheckpoint.START, askedCheckpoint(vertx, "other"), "an unknown source stands at 0");
    assertEquals(20L, askedCheckpoint(vertx, "feed").position());
  }

  @Test
  void whileWritesFailAndAreRetriedTheCheckpointNeverPassesAnUnwrittenLine(Vertx vertx) throws Exception {
    try (TcpProxy proxy = TcpProxy.to(db.options())) {
      deploy(vertx, proxy.options(db.options()), 50);
      // the outage pattern: up 150 ms, cut 100 ms, until interrupted (these sleeps pace the fault)
      Thread flapping = new Thread(() -> {
        try {
          while (true) {
            Thread.sleep(150);
            proxy.cut();
            Thread.sleep(100);
            proxy.restore();
          }
        } catch (InterruptedException stop) {
          proxy.restore();
        }
      });
      flapping.start();
      int lines = 3000;
      AtomicInteger violations = new AtomicInteger();
      AtomicInteger checks = new AtomicInteger();
      try {
        for (int from = 1; from <= lines; from += 100) {
          List<TransactionEvents> chunk = new ArrayList<>();
          for (long n = from; n < from + 100; n++) {
            chunk.add(line(n));
          }
          send(vertx, chunk);
          violations.addAndGet((int) violations());
          checks.incrementAndGet();
        }
        // the invariant is checked at every poll until the checkpoint reaches the last line
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
          violations.addAndGet((int) violations());
          checks.incrementAndGet();
          return checkpoint() == lines;
        });
      } finally {
        flapping.interrupt();
        flapping.join();
        proxy.restore();
      }
      System.out.printf("checkpoint invariant checked %d times while the proxy flapped: %d violations%n",
          checks.get(), violations.get());
      assertEquals(0, violations.get());
      assertTrue(checks.get() > 20);
      assertEquals(lines - lines / 5, db.count("SELECT count(*) FROM swap_events"));
    }
  }

  /** 1 when some line at or below the checkpoint has no row, read in one consistent snapshot. */
  private long violations() {
    return db.count("""
        SELECT count(*) FROM swap_checkpoints c
        WHERE c.source_id = 'feed'
          AND (SELECT count(*) FROM swap_events WHERE substring(signature FROM 4)::bigint <= c.position)
              <> c.position - c.position / 5""");
  }
}
