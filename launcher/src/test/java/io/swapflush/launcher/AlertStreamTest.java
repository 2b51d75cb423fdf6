package io.swapflush.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /alerts/stream} read by a real Server-Sent Events client: the alerts live as they fire,
 * each under its message id; a client that comes back with {@code Last-Event-ID} gets what it missed
 * (from memory, or from {@code swap_alerts} when that is past what memory keeps) and then the live
 * ones, each once.
 */
class AlertStreamTest {

  private static final int KEPT = 5;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spill;

  private final SyntheticTransactions transactions = new SyntheticTransactions(24);

  @BeforeEach
  void emptyTables() {
    db.dropSwapflushTables();
  }

  private static JsonObject config() {
    return new JsonObject().put("http", new JsonObject().put("port", 0))
        .put("processor", new JsonObject().put("source", new JsonObject().put("type", "http"))
            .put("triggers", new JsonArray().add(new JsonObject().put("name", "every-trade").put("metric", "trades")
                .put("above", 0).put("cooldown", "0s")))
            .put("alerts", new JsonObject().put("streamKept", KEPT)));
  }

  private void post(InProcessService service, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      RawHttpConnection.Answer answer = RawHttpConnection.exchange(service.port(), "POST", "/transactions",
          transactions.next());
      assertEquals(202, answer.status(), answer.body());
    }
  }

  /** The message ids of the stored alerts, {@code <alert id>.<slot>}. */
  private static Set<String> stored() {
    Set<String> ids = new HashSet<>();
    db.query("SELECT id, slot FROM swap_alerts").forEach(row -> ids.add(row.getString(0) + "." + row.getLong(1)));
    return ids;
  }

  private static void assertEachOnce(List<String> ids) {
    assertEquals(ids.size(), new HashSet<>(ids).size(), () -> "an event sent twice: " + ids);
  }

  @Test
  void liveAlertsAndAResumeFromMemoryAndFromTheDatabase() throws Exception {
    try (InProcessService service = new InProcessService(db, spill, config());
         SseClient live = new SseClient(service.port(), null)) {
      await().atMost(WAIT).until(live::isOpen);
      post(service, 20);
      // every alert fired, live, as an "alert" event whose data is the alert
      await().atMost(WAIT).untilAsserted(() -> {
        Set<String> stored = stored();
        assertTrue(stored.size() >= 10, () -> stored.size() + " alerts stored"); // most trade
        assertEquals(stored, new HashSet<>(live.ids()));
      });
      List<SseClient.Event> events = live.events();
      assertEachOnce(live.ids());
      SseClient.Event first = events.get(0);
      assertEquals("alert", first.type());
      JsonObject alert = new JsonObject(first.data());
      assertEquals(first.id(), alert.getString("id") + "." + alert.getLong("slot"));
      assertEquals("every-trade", alert.getString("rule"));
      assertEquals(1.0, service.metric("swap_alert_stream_clients"));

      // after one still in memory: the ones after it
      List<String> ids = live.ids();
      String recent = ids.get(ids.size() - 3);
      try (SseClient resumed = new SseClient(service.port(), recent)) {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(ids.subList(ids.size() - 2, ids.size()), resumed.ids()));
      }
      // after one memory no longer keeps: the rest from the database, then the live ones, each once
      try (SseClient resumed = new SseClient(service.port(), ids.get(0))) {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(Set.copyOf(ids.subList(1, ids.size())),
            Set.copyOf(resumed.ids())));
        post(service, 5);
        await().atMost(WAIT).untilAsserted(() -> {
          Set<String> all = stored();
          all.remove(ids.get(0));
          assertEquals(all, Set.copyOf(resumed.ids()));
          assertEquals(stored(), Set.copyOf(live.ids()));
        });
        assertEachOnce(resumed.ids());
        assertEquals(2.0, service.metric("swap_alert_stream_clients"));
      }
      await().atMost(WAIT).until(() -> service.metric("swap_alert_stream_clients") == 1.0);
    }
  }

  @Test
  void aLastEventIdThatIsNoAlertsGetsTheLastAlertsKeptThenTheLiveOnes() throws Exception {
    try (InProcessService service = new InProcessService(db, spill, config())) {
      post(service, 10);
      await().atMost(WAIT).until(() -> stored().size() > KEPT);
      for (String unknown : List.of("not-an-alert", "alert_00.123")) {
        try (SseClient client = new SseClient(service.port(), unknown)) {
          await().atMost(WAIT).untilAsserted(() -> assertEquals(KEPT, client.ids().size()));
          Set<String> before = stored();
          post(service, 3);
          await().atMost(WAIT).untilAsserted(() -> {
            Set<String> fresh = stored();
            fresh.removeAll(before);
            assertTrue(fresh.size() >= 1);
            assertTrue(client.ids().containsAll(fresh), client.ids()::toString);
            assertEquals(KEPT + fresh.size(), client.ids().size());
          });
          assertEachOnce(client.ids());
        }
      }
    }
  }
}
