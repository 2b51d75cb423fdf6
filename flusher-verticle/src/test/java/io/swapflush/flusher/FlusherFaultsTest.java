package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.tx;
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
import io.swapflush.testsupport.TcpProxy;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Once the flusher has accepted an event, it reaches the table, the dead letters, or a file on disk. */
@ExtendWith(VertxExtension.class)
class FlusherFaultsTest {

  private static final long HOUR = 3_600_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TcpProxy proxy;

  @TempDir
  Path spillDir;


  @BeforeEach
  void setUp() {
    db.query("DROP TABLE IF EXISTS swap_events, swap_events_rejected");
    proxy = TcpProxy.to(db.options());
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  private FlusherSettings settings(int maxQueue, int batchSize, long intervalMs, long drainMs, OverflowPolicy overflow) {
    return settings(maxQueue, batchSize, intervalMs, 0, drainMs, overflow);
  }

  private FlusherSettings settings(int maxQueue, int batchSize, long intervalMs, long lingerMs, long drainMs,
      OverflowPolicy overflow) {
    return new FlusherSettings(maxQueue, batchSize, 2, intervalMs, lingerMs, drainMs, 20, 200, overflow,
        spillDir.toString());
  }

  private String deploy(Vertx vertx, FlusherSettings settings) {
    return deploy(vertx, settings, proxy.options(db.options()));
  }

  private String deploy(Vertx vertx, FlusherSettings settings, PgConnectOptions viaProxy) {
    HandOffCodec.registerOn(vertx);
    return Await.result(vertx.deployVerticle(new FlusherVerticle(settings, viaProxy, new PoolOptions(), registry)));
  }

  /** Sends each transaction; returns how many the flusher accepted. */
  private static int sendAll(Vertx vertx, List<TransactionEvents> txs) {
    List<Future<Boolean>> replies = new ArrayList<>();
    for (TransactionEvents tx : txs) {
      replies.add(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(tx)).map(true).otherwise(false));
    }
    return (int) Await.result(Future.all(replies)).list().stream().filter(Boolean.TRUE::equals).count();
  }

  private static List<TransactionEvents> txs(int from, int count) {
    List<TransactionEvents> txs = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      txs.add(tx(i, 2));
    }
    return txs;
  }

  private long rows() {
    return db.count("SELECT count(*) FROM swap_events");
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  /** Events held by the flusher, buffered or being written. */
  private double queued() {
    return registry.get("swap.queue.size").gauge().value();
  }

  private List<Path> files(String prefix) {
    if (!Files.isDirectory(spillDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(spillDir)) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A link that goes silent (packets dropped both ways, no FIN, no RST) while writes are on it: each
   * write is given up after the statement bound (here 1 s) and a margin, counted as a retry while the
   * link is still frozen, and written again on fresh connections once packets pass.
   */
  @Test
  void writesOnALinkThatWentSilentAreGivenUpAndDoneAgainOnFreshConnections(Vertx vertx) {
    deploy(vertx, settings(10_000, 100, 50, 5000, OverflowPolicy.BACKPRESSURE),
        proxy.options(db.options()).addProperty(StatementBound.SETTING, "1000"));
    assertEquals(100, sendAll(vertx, txs(0, 100)));
    await().atMost(TIMEOUT).until(() -> rows() == 200);

    proxy.freeze();
    assertEquals(300, sendAll(vertx, txs(100, 300)));
    // both connections hold a write whose bytes the link dropped: neither the query nor its answer will come
    await().atMost(TIMEOUT).until(() -> writesInFlight(vertx) == 2);
    await("the bound gives the writes up while the link is still silent").atMost(TIMEOUT)
        .until(() -> counter("swap.flush.retries") > 0);
    assertEquals(200, rows());
    proxy.thaw();

    await().atMost(Duration.ofSeconds(30)).until(() -> rows() == 800 && queued() == 0);
  }

  private static int writesInFlight(Vertx vertx) {
    return Await.result(vertx.eventBus().<JsonObject>request(Addresses.FLUSHER_STATUS, null)).body()
        .getInteger("writesInFlight");
  }

  @Test
  void anOutageHoldsTheBufferAndItDrainsWhenTheDatabaseIsBack(Vertx vertx) throws Exception {
    deploy(vertx, settings(100_000, 200, 50, 5000, OverflowPolicy.BACKPRESSURE));
    assertEquals(500, sendAll(vertx, txs(0, 500)));
    await().atMost(TIMEOUT).until(() -> rows() == 1000 && queued() == 0);

    proxy.cut();
    assertEquals(2000, sendAll(vertx, txs(500, 2000)), "the buffer keeps accepting during the outage");
    await("failed writes are retried").atMost(TIMEOUT).until(() -> counter("swap.flush.retries") > 0);
    // nothing was in flight at the cut, and no write can commit through it
    assertEquals(1000, rows());
    assertEquals(4000.0, queued(), "the buffer holds the backlog");

    proxy.restore();
    await("the backlog drains with no action").atMost(Duration.ofSeconds(30))
        .until(() -> rows() == 5000 && queued() == 0);
  }

  @Test
  void aBadRowIsSetAsideAndTheRestOfItsBatchIsWritten(Vertx vertx) throws Exception {
    deploy(vertx, settings(10_000, 1000, HOUR, 5000, OverflowPolicy.BACKPRESSURE));
    // a rule the data breaks in the database only: what parsing cannot know
    db.query("ALTER TABLE swap_events ADD CONSTRAINT no_sig77 CHECK (signature <> 'sig77')");
    sendAll(vertx, txs(0, 400));
    sendAll(vertx, txs(400, 300));
    sendAll(vertx, txs(700, 300)); // 2000 events: two full batches
    // the rows commit a moment before the flusher counts them: wait for all of it
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals(1998, rows());
      assertEquals(2, db.count("SELECT count(*) FROM swap_events_rejected WHERE signature = 'sig77' "
          + "AND sqlstate = '23514' AND event->>'trader' IN ('trader0', 'trader1')"));
      assertEquals(2.0, counter("swap.events.rejected"));
      assertEquals(1998.0, counter("swap.events.written"));
    });
  }

  @Test
  void aRowNotEvenTheDeadLetterTableTakesIsKeptInAFile(Vertx vertx) throws Exception {
    deploy(vertx, settings(10_000, 100, 50, 5000, OverflowPolicy.BACKPRESSURE));
    SwapEvent nul = SampleEvents.event("sig\u0000nul", "trader0");
    sendAll(vertx, List.of(tx(1, 1), new TransactionEvents(2, List.of(nul)), tx(3, 1)));
    await().atMost(TIMEOUT).until(() -> rows() == 2 && files("rejected-").size() == 1);
    String kept = Files.readString(files("rejected-").get(0));
    assertTrue(kept.contains("sig\\u0000nul") && kept.contains("22021"), kept);
    assertEquals(0, db.count("SELECT count(*) FROM swap_events_rejected"));
  }

  /** No write starts before the undeploy (lingering, batches bigger than the buffer): only the policy decides. */
  private long fillThenDrain(Vertx vertx, OverflowPolicy policy) {
    String id = deploy(vertx, settings(100, 1000, HOUR, HOUR, 5000, policy));
    assertEquals(300, sendAll(vertx, txs(0, 300)), "a drop policy accepts everything");
    Await.result(vertx.undeploy(id));
    return rows();
  }

  private boolean stored(int tx) {
    return db.count("SELECT count(*) FROM swap_events WHERE signature = 'sig" + tx + "'") == 2;
  }

  @Test
  void dropNewestCountsEveryEventItDrops(Vertx vertx) throws Exception {
    assertEquals(100, fillThenDrain(vertx, OverflowPolicy.DROP_NEWEST));
    assertEquals(500, (long) counter("swap.events.dropped"), "dropped = sent - stored");
    assertTrue(stored(0) && stored(49) && !stored(50) && !stored(299), "the first 50 transactions are kept");
  }

  @Test
  void dropOldestKeepsTheNewest(Vertx vertx) throws Exception {
    assertEquals(100, fillThenDrain(vertx, OverflowPolicy.DROP_OLDEST));
    assertEquals(500, (long) counter("swap.events.dropped"));
    assertTrue(stored(250) && stored(299) && !stored(249) && !stored(0), "the last 50 transactions are kept");
  }

  @Test
  void whatCannotBeDrainedIsSpilledAndLoadedAgainAtTheNextStart(Vertx vertx) throws Exception {
    String id = deploy(vertx, settings(10_000, 100, HOUR, 1000, OverflowPolicy.BACKPRESSURE));
    proxy.cut();
    assertEquals(500, sendAll(vertx, txs(0, 500)));
    long started = System.nanoTime();
    Await.result(vertx.undeploy(id));
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMs < 5000, "the drain gives up at its timeout: " + tookMs + " ms");
    assertEquals(1, files("spill-").size());
    assertEquals(0, rows());

    proxy.restore();
    deploy(vertx, settings(10_000, 100, 50, 1000, OverflowPolicy.BACKPRESSURE));
    await("the spill file goes once its rows are committed").atMost(TIMEOUT)
        .until(() -> rows() == 1000 && files("spill-").isEmpty());
  }
}
