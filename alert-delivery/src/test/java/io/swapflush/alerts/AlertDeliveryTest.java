package io.swapflush.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.AlertRetraction;
import io.swapflush.event.InstanceName;
import io.swapflush.flusher.SwapEventWriter;
import io.swapflush.flusher.SwapEventsSchema;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TestDatabase;
import io.swapflush.testsupport.WebhookReceiver;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The delivery against a real receiver that verifies signatures and fails on demand, and real PostgreSQL. */
class AlertDeliveryTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  private final String secret = WebhookReceiver.newSecret();
  private Vertx vertx;
  private Pool pool;
  private WebhookReceiver receiver;
  private SimpleMeterRegistry registry;
  private String deployment;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    db.dropSwapflushTables();
    pool = PgBuilder.pool().connectingTo(db.options()).using(vertx).build();
    Await.result(SwapEventsSchema.ensure(pool));
    receiver = WebhookReceiver.start(vertx, secret);
    registry = new SimpleMeterRegistry();
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private DestinationSettings hook(DestinationSettings.Delivery delivery) {
    return new DestinationSettings("hook", List.of(), delivery,
        new DestinationSettings.Webhook(receiver.url("/alerts"), secret));
  }

  private static DestinationSettings.Delivery quickRetries() {
    return new DestinationSettings.Delivery(3_600_000, 50, 200, 2000, 0, 4);
  }

  private void deploy(DestinationSettings... destinations) {
    deploy(new AlertSettings(List.of(destinations), 300, 600, 10_000, 100));
  }

  private void deploy(AlertSettings settings) {
    deployment = Await.result(vertx.deployVerticle(new AlertDeliveryVerticle(settings, db.options(), registry)));
  }

  private Alert alert(String mint, String signature, long slot) {
    String id = Alert.idOf("busy", mint, signature);
    return new Alert(id, "busy", mint, signature, slot, "rpc:main", System.currentTimeMillis(), System.nanoTime(),
        new JsonObject().put("id", id).put("rule", "busy").put("mint", mint).put("signature", signature).encode());
  }

  private static String messageId(Alert alert) {
    return alert.id() + "." + alert.slot();
  }

  /** Stored as the flusher stores them: with their transaction, owned by this process. */
  private void store(List<Alert> alerts) {
    Await.result(new SwapEventWriter(pool).insert(List.of(), alerts, Map.of(), Map.of()));
  }

  private void publish(List<Alert> alerts) {
    alerts.forEach(alert -> vertx.eventBus().publish(Addresses.ALERTS, alert));
  }

  private double count(String name, String outcome) {
    var counter = registry.find(name).tag("destination", "hook");
    if (outcome != null) {
      counter = counter.tag("outcome", outcome);
    }
    return counter.counter() == null ? 0 : counter.counter().count();
  }

  private Row row(String id) {
    return db.query("SELECT delivered, settled, retraction_delivered, owner FROM swap_alerts WHERE id = '" + id + "'")
        .get(0);
  }

  @Test
  void aFiredAlertIsPostedSignedAndWhatTheDestinationHadIsStored() {
    deploy(hook(quickRetries()));
    Alert alert = alert("MintA", "sig1", 100);
    store(List.of(alert));
    publish(List.of(alert));

    WebhookReceiver.Delivery delivery = receiver.awaitReceived(1, WAIT).get(0);
    assertEquals(alert.id() + ".100", delivery.id(), "the alert's id and slot");
    assertEquals("alert.fired", delivery.body().getString("type"));
    assertEquals(alert.id(), delivery.body().getJsonObject("data").getString("id"));
    assertEquals(List.of(), receiver.rejected(), "the signature verifies");
    await().atMost(WAIT).untilAsserted(() -> {
      Row row = row(alert.id());
      assertEquals(List.of("hook"), List.of(row.getArrayOfStrings(0)));
      assertTrue(row.getBoolean(1), "settled: nothing left to send");
    });
    assertEquals(1, count("swap.alert.deliveries", "delivered"));
    assertEquals(1, registry.find("swap.alert.delivery.latency").tag("destination", "hook").timer().count());
  }

  @Test
  void aFailingReceiverPausesTheDestinationAndEachMintsAlertsArriveInOrder() {
    deploy(hook(quickRetries()));
    receiver.failWith(500);
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      alerts.add(alert("Mint" + (i % 3), "sig" + i, 100 + i));
    }
    store(alerts);
    long failingFrom = System.nanoTime();
    publish(alerts);
    receiver.awaitAttempts(6, WAIT);
    long failedAttempts = receiver.attempts();
    double failingMs = (System.nanoTime() - failingFrom) / 1e6;
    // each failure pauses the whole destination at least retryMinMs, and then one message probes alone
    assertTrue(failedAttempts <= 4 + failingMs / 50, failedAttempts + " attempts in " + failingMs + " ms");
    assertTrue(count("swap.alert.retries", null) >= 5);

    receiver.healthy();
    await().atMost(WAIT).until(() -> receiver.unique().size() == 30);
    List<WebhookReceiver.Delivery> unique = receiver.unique();
    for (String mint : List.of("Mint0", "Mint1", "Mint2")) {
      List<String> sent = alerts.stream().filter(a -> a.mint().equals(mint)).map(AlertDeliveryTest::messageId).toList();
      List<String> arrived = unique.stream().map(WebhookReceiver.Delivery::id).filter(sent::contains).toList();
      assertEquals(sent, arrived, "the alerts of " + mint + " arrive in the order they fired");
    }
    await().atMost(WAIT).untilAsserted(() -> assertEquals(30,
        db.count("SELECT count(*) FROM swap_alerts WHERE settled AND delivered = '{hook}'")));
  }

  @Test
  void retryAfterIsWaitedFor() {
    deploy(hook(quickRetries()));
    receiver.throttle(1);
    long sent = System.nanoTime();
    publish(List.of(alert("MintA", "sig1", 100)));
    receiver.awaitAttempts(1, WAIT);
    receiver.healthy();
    WebhookReceiver.Delivery delivery = receiver.awaitReceived(1, WAIT).get(0);
    // without Retry-After the next attempt would come after retryMinMs (50 ms)
    assertTrue(delivery.receivedAtNanos() - sent >= 1_000_000_000L,
        "tried again after " + (delivery.receivedAtNanos() - sent) / 1_000_000 + " ms");
    assertEquals(2, receiver.attempts());
  }

  @Test
  void aReceiverThatHangsOrClosesTheConnectionIsTriedAgain() {
    deploy(hook(new DestinationSettings.Delivery(3_600_000, 50, 200, 300, 0, 4)));
    receiver.hang();
    publish(List.of(alert("MintA", "sig1", 100)));
    receiver.awaitAttempts(2, WAIT);
    receiver.closeConnections();
    receiver.awaitAttempts(4, WAIT);
    receiver.healthy();
    assertEquals(1, receiver.awaitReceived(1, WAIT).size());
    assertTrue(count("swap.alert.retries", null) >= 3);
  }

  @Test
  void aMessageTheReceiverRefusesIsGivenUpAndDoesNotHoldItsMint() {
    deploy(hook(quickRetries()));
    receiver.failWith(422);
    publish(List.of(alert("MintA", "sig1", 100)));
    await().atMost(WAIT).until(() -> count("swap.alert.deliveries", "refused") == 1);
    receiver.healthy();
    Alert next = alert("MintA", "sig2", 101);
    publish(List.of(next));
    assertEquals(messageId(next), receiver.awaitReceived(1, WAIT).get(0).id());
    assertEquals(2, receiver.attempts(), "the refused message was not sent again");
  }

  @Test
  void alertsOfAnInstanceThatIsGoneAreTakenOverAndFinished() {
    Alert undelivered = alert("MintA", "sig1", 100);
    Alert delivered = alert("MintB", "sig2", 101);
    Alert withdrawn = alert("MintC", "sig3", 102);
    store(List.of(undelivered, delivered, withdrawn));
    // written by a process that died: its heartbeat ran out a while ago
    db.query("INSERT INTO swap_instances (name, alive_until) VALUES ('dead/1/x', now() - interval '1 minute')");
    db.query("UPDATE swap_alerts SET owner = 'dead/1/x'");
    db.query("UPDATE swap_alerts SET delivered = '{hook}' WHERE id IN ('" + delivered.id() + "', '" + withdrawn.id()
        + "')");
    db.query("UPDATE swap_alerts SET retracted_at = now() WHERE id = '" + withdrawn.id() + "'");

    deploy(hook(quickRetries()));
    List<WebhookReceiver.Delivery> arrived = receiver.awaitReceived(2, WAIT);
    assertEquals(Set.of(messageId(undelivered), messageId(withdrawn) + ".retracted"),
        arrived.stream().map(WebhookReceiver.Delivery::id).collect(Collectors.toSet()));
    await().atMost(WAIT).untilAsserted(() -> assertEquals(3,
        db.count("SELECT count(*) FROM swap_alerts WHERE settled AND owner = '" + InstanceName.ofThisProcess() + "'")));
    assertEquals(List.of("hook"), List.of(row(withdrawn.id()).getArrayOfStrings(2)));
    assertEquals(3, registry.find("swap.alerts.recovered").counter().count(), "taken over, to finish");
    assertEquals(2, receiver.received().size(), "the alert already delivered is not sent again");
  }

  @Test
  void alertsOfALiveInstanceAreLeftToIt() {
    store(List.of(alert("MintA", "sig1", 100)));
    db.query("INSERT INTO swap_instances (name, alive_until) VALUES ('alive/1/x', now() + interval '1 hour')");
    db.query("UPDATE swap_alerts SET owner = 'alive/1/x'");
    deploy(hook(quickRetries()));
    // two recovery rounds of this instance have passed once its heartbeat has been renewed twice
    await().atMost(WAIT).until(() -> db.count("SELECT count(*) FROM swap_instances WHERE name = '"
        + InstanceName.ofThisProcess() + "' AND alive_until > now() + interval '500 milliseconds'") == 1);
    Alert marker = alert("MintB", "sig2", 101);
    publish(List.of(marker));
    assertEquals(messageId(marker), receiver.awaitReceived(1, WAIT).get(0).id());
    assertEquals(1, receiver.received().size());
  }

  @Test
  void aForkWithdrawsWhatHasNotGoneAndRetractsWhatHas() {
    deploy(hook(quickRetries()));
    Alert delivered = alert("MintA", "sig1", 100);
    store(List.of(delivered));
    publish(List.of(delivered));
    receiver.awaitReceived(1, WAIT);
    receiver.failWith(503);
    Alert held = alert("MintB", "sig2", 101);
    Alert kept = alert("MintC", "sig3", 200);
    publish(List.of(held, kept));
    receiver.awaitAttempts(2, WAIT);

    vertx.eventBus().publish(Addresses.ALERT_RETRACTIONS, new AlertRetraction("rpc:main", 99, 150));
    receiver.healthy();
    List<WebhookReceiver.Delivery> arrived = receiver.awaitReceived(3, WAIT);
    assertEquals(Set.of(messageId(delivered), messageId(delivered) + ".retracted", messageId(kept)),
        arrived.stream().map(WebhookReceiver.Delivery::id).collect(Collectors.toSet()));
    WebhookReceiver.Delivery retraction = arrived.stream().filter(d -> d.id().endsWith(".retracted")).findFirst()
        .orElseThrow();
    assertEquals("alert.retracted", retraction.body().getString("type"));
    assertEquals(delivered.id(), retraction.body().getJsonObject("data").getString("id"));
    // a withdrawn message that was on its way when the fork came is dropped when it comes back
    await().atMost(WAIT).until(() -> count("swap.alert.deliveries", "withdrawn") == 1);
    assertEquals(3, receiver.received().size());
    await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("hook"),
        List.of(row(delivered.id()).getArrayOfStrings(2))));
  }

  @Test
  void aWithdrawnAlertWhoseTransactionLandsAgainInTheNewBranchIsSentAgainUnderANewMessageId() {
    deploy(hook(quickRetries()));
    Alert first = alert("MintA", "sig1", 100);
    publish(List.of(first));
    receiver.awaitReceived(1, WAIT);
    vertx.eventBus().publish(Addresses.ALERT_RETRACTIONS, new AlertRetraction("rpc:main", 99, 110));
    receiver.awaitReceived(2, WAIT);
    Alert again = new Alert(first.id(), first.rule(), first.mint(), first.signature(), 104, first.source(),
        System.currentTimeMillis(), System.nanoTime(), first.json());
    publish(List.of(again, again));
    List<WebhookReceiver.Delivery> arrived = receiver.awaitReceived(3, WAIT);
    assertEquals(List.of(messageId(first), messageId(first) + ".retracted", messageId(again)),
        arrived.stream().map(WebhookReceiver.Delivery::id).toList());
    assertEquals(first.id(), arrived.get(2).body().getJsonObject("data").getString("id"));
    await().during(Duration.ofMillis(300)).until(() -> receiver.received().size() == 3);
  }

  @Test
  void anAlertNotDeliveredWithinItsMaximumAgeIsGivenUp() {
    deploy(hook(new DestinationSettings.Delivery(300, 50, 100, 2000, 0, 4)));
    receiver.failWith(500);
    publish(List.of(alert("MintA", "sig1", 100)));
    await().atMost(WAIT).until(() -> count("swap.alert.deliveries", "expired") == 1);
    receiver.healthy();
    Alert later = alert("MintA", "sig2", 101);
    publish(List.of(later));
    assertEquals(messageId(later), receiver.awaitReceived(1, WAIT).get(0).id());
  }

  @Test
  void theStatusNamesADestinationThatHasFailedLongerThanAllowed() {
    deploy(hook(quickRetries()));
    receiver.stop();
    publish(List.of(alert("MintA", "sig1", 100)));
    await().atMost(WAIT).untilAsserted(() -> {
      JsonObject status = Await.result(vertx.eventBus().<JsonObject>request(Addresses.ALERT_STATUS, null)).body();
      JsonObject hook = status.getJsonArray("destinations").getJsonObject(0);
      assertEquals("hook", hook.getString("name"));
      assertTrue(hook.getBoolean("failing"), hook.encode());
      assertTrue(hook.getString("lastError").contains("Connect"), hook.encode());
      assertEquals(1, hook.getInteger("pending"));
      assertTrue(hook.getDouble("oldestUndeliveredSeconds") > 0, hook.encode());
      assertEquals("webhook http://127.0.0.1:" + receiver.port(), hook.getString("target"),
          "no path: chat services put their token in it");
      assertTrue(!status.encode().contains(secret), "the secret is never shown");
    });
    receiver.restart();
    receiver.awaitReceived(1, WAIT);
    await().atMost(WAIT).untilAsserted(() -> {
      JsonObject status = Await.result(vertx.eventBus().<JsonObject>request(Addresses.ALERT_STATUS, null)).body();
      assertEquals(false, status.getJsonArray("destinations").getJsonObject(0).getBoolean("failing"));
    });
  }

  @Test
  void aChatServiceGetsALineOfTextSignedTheSameWay() {
    deploy(new DestinationSettings("chat", List.of(), quickRetries(), new DestinationSettings.Webhook(
        receiver.url("/bot123:token/sendMessage"), secret, WebhookFormat.TELEGRAM, "-100200")));
    Alert alert = alert("MintA", "sig1", 100);
    publish(List.of(alert));
    JsonObject body = receiver.awaitReceived(1, WAIT).get(0).body();
    assertEquals("-100200", body.getString("chat_id"));
    assertTrue(body.getString("text").startsWith("busy: MintA"), body.encode());
    assertTrue(body.getString("text").contains("sig1"), body.encode());
  }

  @Test
  void aRateLimitSpreadsWhatGoesBeyondItsBurst() {
    deploy(hook(new DestinationSettings.Delivery(3_600_000, 50, 200, 2000, 120, 4)));
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < 124; i++) {
      alerts.add(alert("Mint" + (i % 10), "sig" + i, 100 + i));
    }
    long sent = System.nanoTime();
    publish(alerts);
    receiver.awaitReceived(120, WAIT);
    List<WebhookReceiver.Delivery> all = receiver.awaitReceived(124, WAIT);
    // 120 a minute: the burst of 120 at once, then one every 500 ms
    assertTrue(all.get(123).receivedAtNanos() - sent >= 1_500_000_000L);
  }

  @Test
  void aCleanStopLeavesWhatIsUndeliveredToTheNextInstanceAtOnce() {
    deploy(hook(quickRetries()));
    receiver.stop();
    Alert alert = alert("MintA", "sig1", 100);
    store(List.of(alert));
    publish(List.of(alert));
    await().atMost(WAIT).until(() -> count("swap.alert.retries", null) >= 1);
    Await.result(vertx.undeploy(deployment));
    assertEquals(1, db.count("SELECT count(*) FROM swap_instances WHERE alive_until <= now()"));
    assertEquals(false, row(alert.id()).getBoolean(1));
  }
}
