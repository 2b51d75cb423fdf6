package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.swapflush.testsupport.Poll;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class FlusherVerticleTest {

  private static final long HOUR = 3_600_000;
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
    return new FlusherSettings(maxQueue, batchSize, 1, flushIntervalMs, drainTimeoutMs, 10, 100,
        OverflowPolicy.BACKPRESSURE, spillDir.toString());
  }

  private String deploy(Vertx vertx, FlusherSettings settings) throws Exception {
    return deploy(vertx, settings, db.options());
  }

  private String deploy(Vertx vertx, FlusherSettings settings, PgConnectOptions options) throws Exception {
    TransactionEventsCodec.registerOn(vertx);
    return await(vertx.deployVerticle(new FlusherVerticle(settings, options, new PoolOptions(), registry)));
  }

  private static Future<Object> send(Vertx vertx, TransactionEvents tx) {
    return vertx.eventBus().request(Addresses.EVENTS, tx).map(m -> m.body());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private long rows() {
    return db.count("SELECT count(*) FROM swap_events");
  }

  @Test
  void duplicateKeysAreWrittenOnce(Vertx vertx) throws Exception {
    deploy(vertx, settings(1000, 100, 50, 5000));
    SwapEvent a = SampleEvents.event("sigA", "trader1");
    SwapEvent b = SampleEvents.event("sigA", "trader2");
    await(send(vertx, new TransactionEvents(1, List.of(a, b, a))));
    await(send(vertx, new TransactionEvents(2, List.of(b))));
    assertEquals(2, Poll.until(2, Duration.ofSeconds(10), this::rows));
    Poll.sleep(300);
    assertEquals(2, rows(), "a replayed key is skipped, not written twice");
    assertEquals(List.of("trader1", "trader2"), db.query("SELECT trader FROM swap_events ORDER BY trader")
        .stream().map(r -> r.getString(0)).toList());
  }

  @Test
  void storesEveryFieldOfTheEvent(Vertx vertx) throws Exception {
    deploy(vertx, settings(1000, 100, 50, 5000));
    SwapEvent e = new SwapEvent("sigF", 321L, null, "jupiter", "T", "BASE", SampleEvents.SOL, SwapEvent.Side.SELL,
        new java.math.BigInteger("340282366920938463463374607431768211455"), java.math.BigInteger.ONE,
        (short) 6, (short) 9);
    await(send(vertx, new TransactionEvents(1, List.of(e))));
    assertEquals(1, Poll.until(1, Duration.ofSeconds(10), this::rows));
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
  void aFullBatchIsWrittenWithoutWaitingForTheTimer(Vertx vertx) throws Exception {
    deploy(vertx, settings(1000, 10, HOUR, 5000));
    for (int i = 0; i < 25; i++) {
      await(send(vertx, tx(i, 1)));
    }
    assertEquals(20, Poll.until(20, Duration.ofSeconds(10), this::rows), "two full batches of 10");
    Poll.sleep(300);
    assertEquals(20, rows(), "the last 5 wait for the timer");
    assertEquals(2.0, registry.get("swap.flush.count").counter().count());
  }

  @Test
  void theTimerFlushesAPartialBatch(Vertx vertx) throws Exception {
    deploy(vertx, settings(1000, 500, 200, 5000));
    await(send(vertx, tx(1, 3)));
    assertEquals(3, Poll.until(3, Duration.ofSeconds(10), this::rows));
    // the commit is visible a moment before the flusher's event loop counts it
    assertEquals(3, Poll.until(3, Duration.ofSeconds(10),
        () -> (long) registry.get("swap.events.written").counter().count()));
    assertEquals(1.0, registry.get("swap.flush.count").counter().count());
  }

  @Test
  void undeployWritesEverythingPending(Vertx vertx) throws Exception {
    String id = deploy(vertx, settings(10_000, 200, HOUR, 30_000));
    List<Future<Object>> sent = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      sent.add(send(vertx, tx(i, 3)));
    }
    await(Future.all(sent));
    await(vertx.undeploy(id));
    assertEquals(3000, rows(), "stop() completes only after the final drain");
    assertEquals(0.0, registry.find("swap.queue.size").gauges().stream().count(), "the gauge leaves with its buffer");
  }

  @Test
  void refusesWhenFullWithACodeTheSenderCanRetryOn(Vertx vertx) throws Exception {
    deploy(vertx, settings(5, 500, HOUR, 5000));
    await(send(vertx, tx(1, 4)));
    Throwable refused = send(vertx, tx(2, 2)).toCompletionStage().toCompletableFuture()
        .handle((ok, e) -> e).get(10, TimeUnit.SECONDS);
    assertTrue(refused.getCause() instanceof ReplyException || refused instanceof ReplyException, refused.toString());
    ReplyException reply = (ReplyException) (refused instanceof ReplyException ? refused : refused.getCause());
    assertEquals(EventsProtocol.BUFFER_FULL, reply.failureCode());
    assertEquals(4.0, registry.get("swap.queue.size").gauge().value());
  }
}
