package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.tx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.SampleEvents;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class FlusherVerticleTest {

  private static final long HOUR = 3_600_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();


  @BeforeEach
  void emptyTables() {
    db.query("DROP TABLE IF EXISTS swap_events, swap_events_rejected");
  }

  @TempDir
  Path spillDir;

  private FlusherSettings settings(int maxQueue, int batchSize, long flushIntervalMs, long drainTimeoutMs) {
    return settings(maxQueue, batchSize, flushIntervalMs, drainTimeoutMs, 0);
  }

  private FlusherSettings settings(int maxQueue, int batchSize, long flushIntervalMs, long drainTimeoutMs,
      long lingerMs) {
    return new FlusherSettings(maxQueue, batchSize, 1, flushIntervalMs, lingerMs, drainTimeoutMs, 10, 100,
        OverflowPolicy.BACKPRESSURE, spillDir.toString());
  }

  private String deploy(Vertx vertx, FlusherSettings settings) {
    return deploy(vertx, settings, db.options());
  }

  private String deploy(Vertx vertx, FlusherSettings settings, PgConnectOptions options) {
    HandOffCodec.registerOn(vertx);
    return Await.result(vertx.deployVerticle(new FlusherVerticle(settings, options, new PoolOptions(), registry)));
  }

  private static Future<Object> send(Vertx vertx, TransactionEvents tx) {
    return vertx.eventBus().request(Addresses.EVENTS, HandOff.of(tx)).map(m -> m.body());
  }

  private long rows() {
    return db.count("SELECT count(*) FROM swap_events");
  }

  /** Events held by the flusher, buffered or being written: 0 once all it accepted is committed. */
  private double queued() {
    return registry.get("swap.queue.size").gauge().value();
  }

  @Test
  void duplicateKeysAreWrittenOnce(Vertx vertx) {
    deploy(vertx, settings(1000, 100, 50, 5000));
    SwapEvent a = SampleEvents.event("sigA", "trader1");
    SwapEvent b = SampleEvents.event("sigA", "trader2");
    Await.result(send(vertx, new TransactionEvents(1, List.of(a, b, a))));
    Await.result(send(vertx, new TransactionEvents(2, List.of(b))));
    // all four events accepted are committed once the queue is empty: the count is final then
    await().atMost(TIMEOUT).until(() -> queued() == 0);
    assertEquals(2, rows(), "a replayed key is skipped, not written twice");
    assertEquals(List.of("trader1", "trader2"), db.query("SELECT trader FROM swap_events ORDER BY trader")
        .stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void storesEveryFieldOfTheEvent(Vertx vertx) {
    deploy(vertx, settings(1000, 100, 50, 5000));
    SwapEvent e = new SwapEvent("sigF", 321L, null, "jupiter", "T", "BASE", SampleEvents.SOL, SwapEvent.Side.SELL,
        new java.math.BigInteger("340282366920938463463374607431768211455"), java.math.BigInteger.ONE,
        (short) 6, (short) 9);
    Await.result(send(vertx, new TransactionEvents(1, List.of(e))));
    await().atMost(TIMEOUT).until(() -> rows() == 1);
    var row = db.query("SELECT signature, slot, block_time, venue, trader, base_mint, quote_mint, side, "
        + "base_amount::text, quote_amount::text, base_decimals, quote_decimals FROM swap_events").get(0);
    assertEquals(List.of("sigF", 321L, "jupiter", "T", "BASE", SampleEvents.SOL, "sell",
            "340282366920938463463374607431768211455", "1", (short) 6, (short) 9),
        List.of(row.getString(0), row.getLong(1), row.getString(3), row.getString(4), row.getString(5),
            row.getString(6), row.getString(7), row.getString(8), row.getString(9), row.getShort(10),
            row.getShort(11)));
    assertEquals(null, row.getValue(2));
  }

  @Test
  void groupCommitWritesWhatWaitsWithoutTheTimer(Vertx vertx) {
    deploy(vertx, settings(1000, 10, HOUR, 5000));
    for (int i = 0; i < 25; i++) {
      Await.result(send(vertx, tx(i, 1)));
    }
    await("every event committed, none waiting for the hour-long timer").atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals(25, rows());
      assertEquals(0.0, queued());
      assertEquals(25, registry.get("swap.event.commit.latency").timer().count(), "one latency per event");
    });
    assertEquals(0.0, registry.get("swap.queue.oldest.age").gauge().value());
  }

  @Test
  void withAnEndlessLingerOnlyFullBatchesGoAndTheWaitingShowsItsAge(Vertx vertx) {
    String id = deploy(vertx, settings(1000, 10, HOUR, 5000, HOUR));
    for (int i = 0; i < 3; i++) {
      Await.result(send(vertx, tx(i, 1)));
    }
    await("a short batch lingers").during(Duration.ofMillis(300)).atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals(0, rows());
      assertTrue(registry.get("swap.queue.oldest.age").gauge().value() > 0);
    });
    for (int i = 3; i < 13; i++) {
      Await.result(send(vertx, tx(i, 1)));
    }
    await("one full batch of the 10 oldest, 3 lingering").during(Duration.ofMillis(300)).atMost(TIMEOUT)
        .untilAsserted(() -> {
          assertEquals(10, rows());
          assertEquals(1.0, registry.get("swap.flush.count").counter().count());
          assertEquals(3.0, queued());
        });
    Await.result(vertx.undeploy(id));
    assertEquals(13, rows(), "the final drain does not linger");
  }

  @Test
  void aShortBatchGoesOnceItsOldestEventHasLingered(Vertx vertx) {
    deploy(vertx, settings(1000, 10, HOUR, 5000, 300));
    for (int i = 0; i < 3; i++) {
      Await.result(send(vertx, tx(i, 1)));
    }
    await().atMost(TIMEOUT).untilAsserted(() -> assertEquals(3, rows()));
    Timer latency = registry.get("swap.event.commit.latency").timer();
    assertTrue(latency.max(TimeUnit.MILLISECONDS) >= 300,
        "the oldest waited its linger: " + latency.max(TimeUnit.MILLISECONDS));
  }

  @Test
  void theTimerFlushesAPartialBatch(Vertx vertx) {
    deploy(vertx, settings(1000, 500, 200, 5000));
    Await.result(send(vertx, tx(1, 3)));
    // the commit is visible a moment before the flusher's event loop counts it: wait for both
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals(3, rows());
      assertEquals(3.0, registry.get("swap.events.written").counter().count());
      assertEquals(1.0, registry.get("swap.flush.count").counter().count());
    });
  }

  @Test
  void undeployWritesEverythingPending(Vertx vertx) {
    String id = deploy(vertx, settings(10_000, 200, HOUR, 30_000));
    List<Future<Object>> sent = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      sent.add(send(vertx, tx(i, 3)));
    }
    Await.result(Future.all(sent));
    Await.result(vertx.undeploy(id));
    assertEquals(3000, rows(), "stop() completes only after the final drain");
    assertEquals(0.0, registry.find("swap.queue.size").gauges().stream().count(), "the gauge leaves with its buffer");
  }

  @Test
  void refusesWhenFullWithACodeTheSenderCanRetryOn(Vertx vertx) {
    // lingering for an hour: nothing is written, so the buffer stays full
    deploy(vertx, settings(5, 500, HOUR, 5000, HOUR));
    Await.result(send(vertx, tx(1, 4)));
    Throwable refused = Await.failure(send(vertx, tx(2, 2)));
    assertTrue(refused instanceof ReplyException, refused.toString());
    assertEquals(EventsProtocol.BUFFER_FULL, ((ReplyException) refused).failureCode());
    assertEquals(4.0, queued());
  }
}
