package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.swapflush.testsupport.Poll;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint is committed with the events, and never passes a position that is not in the table. */
@ExtendWith(VertxExtension.class)
class CheckpointCommitTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  @BeforeEach
  void emptyTables() {
    db.query("DROP TABLE IF EXISTS swap_events, swap_events_rejected, swap_checkpoints");
  }

  private void deploy(Vertx vertx, io.vertx.pgclient.PgConnectOptions options, int batchSize) throws Exception {
    TransactionEventsCodec.registerOn(vertx);
    FlusherSettings settings = new FlusherSettings(100_000, batchSize, 2, 50, 5000, 10, 100, OverflowPolicy.BACKPRESSURE,
        spillDir.toString());
    await(vertx.deployVerticle(new FlusherVerticle(settings, options, new PoolOptions(), new SimpleMeterRegistry())));
  }

  /** Line {@code n} of source "feed": one event, signature "sig<n>"; every fifth line has none. */
  private static TransactionEvents line(long n) {
    return new TransactionEvents("feed", n, n % 5 == 0 ? List.of() : List.of(event("sig" + n, "trader")));
  }

  private static void send(Vertx vertx, List<TransactionEvents> lines) throws Exception {
    List<Future<Object>> sent = new ArrayList<>();
    lines.forEach(l -> sent.add(vertx.eventBus().request(Addresses.EVENTS, l).map(m -> m.body())));
    await(Future.all(sent));
  }

  private long checkpoint() {
    List<Row> rows = db.query("SELECT position FROM swap_checkpoints WHERE source_id = 'feed'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aGapHoldsTheCheckpointUntilItIsFilled(Vertx vertx) throws Exception {
    deploy(vertx, db.options(), 1000);
    List<TransactionEvents> lines = new ArrayList<>();
    for (long n = 1; n <= 20; n++) {
      if (n != 11) {
        lines.add(line(n));
      }
    }
    send(vertx, lines);
    assertEquals(10, Poll.until(10, Duration.ofSeconds(10), this::checkpoint));
    Poll.sleep(300);
    assertEquals(10, checkpoint(), "line 11 is missing");
    send(vertx, List.of(line(11)));
    assertEquals(20, Poll.until(20, Duration.ofSeconds(10), this::checkpoint), "lines without events count too");
    assertEquals(SourceCheckpoint.START, await(vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, "other")
        .map(m -> SourceCheckpoint.fromJson(m.body()))), "an unknown source stands at 0");
    assertEquals(20L, await(vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, "feed")
        .map(m -> SourceCheckpoint.fromJson(m.body()))).position());
  }

  @Test
  void whileWritesFailAndAreRetriedTheCheckpointNeverPassesAnUnwrittenLine(Vertx vertx) throws Exception {
    try (TcpProxy proxy = TcpProxy.to(db.options())) {
      deploy(vertx, proxy.options(db.options()), 50);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread flapping = new Thread(() -> {
        while (running.get()) {
          Poll.sleep(150);
          proxy.cut();
          Poll.sleep(100);
          proxy.restore();
        }
      });
      flapping.start();
      int lines = 3000;
      int violations = 0;
      int checks = 0;
      try {
        for (int from = 1; from <= lines; from += 100) {
          List<TransactionEvents> chunk = new ArrayList<>();
          for (long n = from; n < from + 100; n++) {
            chunk.add(line(n));
          }
          send(vertx, chunk);
          violations += violations();
          checks++;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (checkpoint() < lines && System.nanoTime() < deadline) {
          violations += violations();
          checks++;
          Poll.sleep(50);
        }
      } finally {
        running.set(false);
        flapping.join();
        proxy.restore();
      }
      assertEquals(lines, Poll.until(lines, Duration.ofSeconds(30), this::checkpoint));
      System.out.printf("checkpoint invariant checked %d times while the proxy flapped: %d violations%n", checks,
          violations);
      assertEquals(0, violations);
      assertTrue(checks > 20);
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
