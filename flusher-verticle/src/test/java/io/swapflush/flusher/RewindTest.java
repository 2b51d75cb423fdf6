package io.swapflush.flusher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.SampleEvents;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A source's move back over a fork: after every earlier write, the abandoned slots' rows go and the checkpoint moves back. */
@ExtendWith(VertxExtension.class)
class RewindTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  /** Block {@code n} of a branch as the source {@code solana} reads it. */
  private static TransactionEvents block(String branch, int n) {
    return block("solana", branch, n);
  }

  /** Block {@code n} of a branch: slot 1000 + n, one swap whose signature names the branch, and its alert. */
  private static TransactionEvents block(String source, String branch, int n) {
    SwapEvent event = SampleEvents.event(branch + n, "trader", 1000 + n, 1_700_000_000L);
    Alert alert = new Alert(Alert.idOf("busy", event.baseMint(), event.signature()), "busy", event.baseMint(),
        event.signature(), event.slot(), source, 1_700_000_000_000L + n, 0, "{\"signature\":\"" + branch + n + "\"}");
    return new TransactionEvents(source, n, "{\"slot\":" + (1000 + n) + ",\"branch\":\"" + branch + "\"}",
        List.of(event), null, 0, List.of(alert));
  }

  private static void send(Vertx vertx, List<TransactionEvents> messages) {
    List<Future<?>> replies = new ArrayList<>();
    messages.forEach(m -> replies.add(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(m))));
    Await.result(Future.all(replies));
  }

  private Set<String> signatures() {
    Set<String> signatures = new TreeSet<>();
    db.query("SELECT signature FROM swap_events").forEach(row -> signatures.add(row.getString(0)));
    return signatures;
  }

  @Test
  void theAbandonedBlocksOfTheRewindingSourceGoAndTheNewBranchFollowsFromTheForkPoint(Vertx vertx) {
    HandOffCodec.registerOn(vertx);
    // batches of two, two in flight: the rewind must wait for the writes before it
    FlusherSettings settings = new FlusherSettings(10_000, 2, 2, 20, 0, 5_000, 20, 200, OverflowPolicy.BACKPRESSURE,
        spillDir.toString());
    Await.result(vertx.deployVerticle(new FlusherVerticle(settings, db.options(), new PoolOptions(),
        new SimpleMeterRegistry())));

    List<TransactionEvents> messages = new ArrayList<>();
    for (int n = 1; n <= 10; n++) {
      messages.add(block("old", n));
      // another source's rows in the same slots: its own reading of the chain, not this source's to undo
      messages.add(block("backup", "kept", n));
    }
    SourceCheckpoint forkPoint = new SourceCheckpoint(5, block("old", 5).cursor());
    messages.add(TransactionEvents.rewind("solana", new Rewind(forkPoint, 1005, 1010), 0));
    for (int n = 6; n <= 12; n++) {
      messages.add(block("new", n));
    }
    // old6's transaction lands again in the new branch, at slot 1013: its alert is no longer withdrawn
    TransactionEvents old6 = block("old", 6);
    SwapEvent relanded = SampleEvents.event("old6", "trader", 1013, 1_700_000_000L);
    Alert reinstated = old6.alerts().get(0);
    messages.add(new TransactionEvents("solana", 13, "{\"slot\":1013}", List.of(relanded), null, 0,
        List.of(new Alert(reinstated.id(), reinstated.rule(), reinstated.mint(), reinstated.signature(), 1013,
            "solana", reinstated.firedAtMs() + 1, 0, reinstated.json()))));
    send(vertx, messages);

    Set<String> expected = new TreeSet<>(List.of("old1", "old2", "old3", "old4", "old5", "new6", "new7", "new8", "new9",
        "new10", "new11", "new12", "old6", "kept1", "kept2", "kept3", "kept4", "kept5", "kept6", "kept7", "kept8", "kept9",
        "kept10"));
    await().atMost(Duration.ofSeconds(30)).until(() -> signatures().equals(expected));
    await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
        "SELECT position FROM swap_checkpoints WHERE source_id = 'solana'") == 13);
    assertEquals("{\"slot\":1013}", db.query("SELECT cursor FROM swap_checkpoints WHERE source_id = 'solana'")
        .get(0).getString(0));
    // the alerts of the abandoned blocks are withdrawn, for the delivery to tell whoever had them
    Set<String> retracted = new TreeSet<>();
    db.query("SELECT alert->>'signature' FROM swap_alerts WHERE retracted_at IS NOT NULL AND NOT settled")
        .forEach(row -> retracted.add(row.getString(0)));
    assertEquals(new TreeSet<>(List.of("old7", "old8", "old9", "old10")), retracted);
    assertEquals(27, db.count("SELECT count(*) FROM swap_alerts"), "every block's alert is stored with it");
    assertEquals(1, db.count("SELECT count(*) FROM swap_alerts WHERE alert->>'signature' = 'old6' AND slot = 1013 "
        + "AND retracted_at IS NULL AND NOT settled AND delivered = '{}'"), "reinstated, owed to every destination");
  }
}
