package io.swapflush.flusher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.SampleEvents;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Writes of a reading term that has ended, here or in another instance, never reach the table or the checkpoint. */
@ExtendWith(VertxExtension.class)
class ReadingTermTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @TempDir
  Path spillDir;

  @BeforeEach
  void emptyTables() {
    db.dropSwapflushTables();
  }

  private static TransactionEvents line(long position, long term) {
    return new TransactionEvents("feed", position, null, List.of(SampleEvents.event("sig" + position + "t" + term,
        "trader")), null, term);
  }

  private void deploy(Vertx vertx) {
    HandOffCodec.registerOn(vertx);
    FlusherSettings settings = new FlusherSettings(1000, 100, 1, 20, 0, 2_000, 20, 200, OverflowPolicy.BACKPRESSURE,
        spillDir.toString());
    Await.result(vertx.deployVerticle(new FlusherVerticle(settings, db.options(), new PoolOptions(), registry)));
  }

  private long storedPosition() {
    return db.count("SELECT position FROM swap_checkpoints WHERE source_id = 'feed'");
  }

  @Test
  void aDeposedReadersLateWriteChangesNothingAndTheCurrentTermsDoes(Vertx vertx) {
    deploy(vertx);
    // another instance took the source over: its term, 5, is stored with the checkpoint
    db.query("INSERT INTO swap_checkpoints (source_id, position, epoch) VALUES ('feed', 0, 5)");
    Await.result(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(line(1, 4))));
    await().atMost(Duration.ofSeconds(10)).until(() -> registry.get("swap.events.fenced").counter().count() == 1);
    assertEquals(0, db.count("SELECT count(*) FROM swap_events"), "the deposed term's row is not written");
    assertEquals(0, storedPosition(), "nor its checkpoint");

    Await.result(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(line(1, 5))));
    await().atMost(Duration.ofSeconds(10)).until(() -> storedPosition() == 1);
    assertEquals(List.of("sig1t5"), db.query("SELECT signature FROM swap_events").stream().map(r -> r.getString(0))
        .toList());
  }

  @Test
  void whenThisInstanceBeginsANewTermWhatIsLeftOfTheOldOneIsDropped(Vertx vertx) {
    deploy(vertx);
    db.query("INSERT INTO swap_checkpoints (source_id, position, cursor, epoch) VALUES ('feed', 7, 'c7', 3)");
    JsonObject resumed = Await.result(vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, "feed",
        new DeliveryOptions().addHeader(EventsProtocol.FRESH_CHECKPOINT, "3"))).body();
    assertEquals(new SourceCheckpoint(7, "c7"), SourceCheckpoint.fromJson(resumed), "as stored now");
    Await.result(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(line(8, 2))));
    assertEquals(1.0, registry.get("swap.events.fenced").counter().count(), "an older term's message is dropped");
    Await.result(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(line(8, 3))));
    await().atMost(Duration.ofSeconds(10)).until(() -> storedPosition() == 8);
    assertEquals(1, db.count("SELECT count(*) FROM swap_events"));
  }
}
