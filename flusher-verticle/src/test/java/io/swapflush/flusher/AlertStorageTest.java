package io.swapflush.flusher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.InstanceName;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.SampleEvents;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Alerts are stored with their transaction, once, owned by this process. */
@ExtendWith(VertxExtension.class)
class AlertStorageTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  @Test
  void aTransactionReadTwiceInOneBatchStoresItsAlertOnce(Vertx vertx) {
    HandOffCodec.registerOn(vertx);
    FlusherSettings settings = new FlusherSettings(10_000, 1000, 1, 20, 0, 5_000, 20, 200,
        OverflowPolicy.BACKPRESSURE, spillDir.toString());
    Await.result(vertx.deployVerticle(new FlusherVerticle(settings, db.options(), new PoolOptions(),
        new SimpleMeterRegistry())));
    SwapEvent event = SampleEvents.event("sig1", "trader", 1000, 1_700_000_000L);
    Alert alert = new Alert(Alert.idOf("busy", event.baseMint(), "sig1"), "busy", event.baseMint(), "sig1", 1000,
        "feed", 1_700_000_000_000L, 0, "{\"rule\":\"busy\"}");
    TransactionEvents read = new TransactionEvents("feed", 1, null, List.of(event), null, 0, List.of(alert));
    TransactionEvents readAgain = new TransactionEvents("feed", 1, null, List.of(event), null, 0, List.of(alert));

    Await.result(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(read, readAgain)));

    await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM swap_alerts") == 1);
    assertEquals(1, db.count("SELECT count(*) FROM swap_alerts WHERE owner = '" + InstanceName.ofThisProcess()
        + "' AND NOT settled AND rule = 'busy' AND alert->>'rule' = 'busy' AND fired_at = to_timestamp(1700000000)"));
    await().atMost(Duration.ofSeconds(20)).until(() -> db.count(
        "SELECT position FROM swap_checkpoints WHERE source_id = 'feed'") == 1);
  }
}
