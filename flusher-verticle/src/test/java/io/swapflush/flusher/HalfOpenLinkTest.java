package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.tx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TcpProxy;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link to the database that goes silent (packets dropped both ways, no FIN, no RST) while writes
 * are on it: every statement is bounded, the silent connections are closed, and the writes go
 * again on fresh ones once packets pass.
 */
@ExtendWith(VertxExtension.class)
class HalfOpenLinkTest {

  /** Short, so that the client gives the link up after 1 s and the margin. */
  private static final String STATEMENT_TIMEOUT_MS = "1000";
  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();
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

  private static void send(Vertx vertx, int from, int count) {
    List<TransactionEvents> txs = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      txs.add(tx(i, 2));
    }
    Await.result(vertx.eventBus().request(Addresses.EVENTS, new HandOff(txs)));
  }

  private static int writesInFlight(Vertx vertx) {
    return Await.result(vertx.eventBus().<JsonObject>request(Addresses.FLUSHER_STATUS, null)).body()
        .getInteger("writesInFlight");
  }

  @Test
  void writesOnALinkThatWentSilentAreGivenUpAndDoneAgainOnFreshConnections(Vertx vertx) {
    HandOffCodec.registerOn(vertx);
    PgConnectOptions viaProxy = proxy.options(db.options()).addProperty(StatementBound.SETTING, STATEMENT_TIMEOUT_MS);
    FlusherSettings settings = new FlusherSettings(10_000, 100, 2, 50, 0, 5_000, 20, 200, OverflowPolicy.BACKPRESSURE,
        spillDir.toString());
    Await.result(vertx.deployVerticle(new FlusherVerticle(settings, viaProxy, new PoolOptions().setMaxSize(2),
        new SimpleMeterRegistry())));
    send(vertx, 0, 100);
    await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM swap_events") == 200);

    proxy.freeze();
    send(vertx, 100, 300);
    // both connections hold a write whose bytes the link dropped: neither the query nor its answer will come
    await().atMost(Duration.ofSeconds(10)).until(() -> writesInFlight(vertx) == 2);
    proxy.thaw();

    await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM swap_events") == 800);
    assertEquals(0, db.count("SELECT count(*) FROM (SELECT signature FROM swap_events GROUP BY signature, trader, "
        + "base_mint HAVING count(*) > 1) d"));
  }
}
