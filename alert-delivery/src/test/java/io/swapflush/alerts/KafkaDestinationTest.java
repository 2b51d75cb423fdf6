package io.swapflush.alerts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.flusher.SwapEventWriter;
import io.swapflush.flusher.SwapEventsSchema;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.KafkaBroker;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka destination against a real broker: keyed by mint, each mint's alerts in order, once, through an outage. */
class KafkaDestinationTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension
  static final KafkaBroker kafka = KafkaBroker.start();

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  private Vertx vertx;
  private SimpleMeterRegistry registry;
  private String topic;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    registry = new SimpleMeterRegistry();
    db.dropSwapflushTables();
    Pool pool = PgBuilder.pool().connectingTo(db.options()).using(vertx).build();
    Await.result(SwapEventsSchema.ensure(pool));
    topic = "alerts-" + UUID.randomUUID();
    kafka.createTopic(topic, 4);
    DestinationSettings bus = new DestinationSettings("bus", List.of(),
        new DestinationSettings.Delivery(3_600_000, 100, 500, 3000, 0, 4),
        // a linger of the user's: the producer's delivery timeout must make room for it
        new DestinationSettings.Kafka(kafka.bootstrapServers(), topic, Map.of("linger.ms", "5")));
    Await.result(vertx.deployVerticle(new AlertDeliveryVerticle(
        new AlertSettings(List.of(bus), 60_000, 15_000, 10_000, 100), db.options(), registry)));
  }

  @AfterEach
  void stop() {
    Await.result(vertx.close());
  }

  private static List<Alert> alerts(String batch, int count) {
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String mint = "Mint" + (i % 8);
      String signature = batch + i;
      String id = Alert.idOf("busy", mint, signature);
      alerts.add(new Alert(id, "busy", mint, signature, 1000 + i, "rpc:main", System.currentTimeMillis(),
          System.nanoTime(), new JsonObject().put("id", id).put("mint", mint).encode()));
    }
    return alerts;
  }

  private void publish(List<Alert> alerts) {
    alerts.forEach(alert -> vertx.eventBus().publish(Addresses.ALERTS, alert));
  }

  /** Every record of the topic, read from the start until {@code count} have come. */
  private List<ConsumerRecord<String, String>> read(int count) {
    Properties config = new Properties();
    config.put("bootstrap.servers", kafka.bootstrapServers());
    config.put("group.id", "reader-" + UUID.randomUUID());
    config.put("auto.offset.reset", "earliest");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static String header(ConsumerRecord<String, String> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  /** Each message once, keyed by its mint, a mint's on one partition in the order they fired. */
  private static void assertDeliveredInOrder(List<Alert> sent, List<ConsumerRecord<String, String>> records) {
    List<String> ids = records.stream().map(r -> header(r, "id")).toList();
    assertEquals(sent.size(), ids.size(), "no message twice");
    assertEquals(new HashSet<>(sent.stream().map(a -> a.id() + "." + a.slot()).toList()), new HashSet<>(ids));
    Map<String, Set<Integer>> partitions = new HashMap<>();
    Map<String, List<String>> arrived = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      String mint = new JsonObject(record.value()).getJsonObject("data").getString("mint");
      assertEquals(mint, record.key());
      assertEquals("alert.fired", header(record, "type"));
      partitions.computeIfAbsent(mint, m -> new HashSet<>()).add(record.partition());
      arrived.computeIfAbsent(mint, m -> new ArrayList<>()).add(header(record, "id"));
    }
    partitions.forEach((mint, used) -> assertEquals(1, used.size(), mint + " on one partition"));
    arrived.forEach((mint, order) -> assertEquals(sent.stream().filter(a -> a.mint().equals(mint))
        .map(a -> a.id() + "." + a.slot()).toList(), order, mint + "'s alerts in the order they fired"));
  }

  @Test
  void eachAlertIsARecordKeyedByItsMintInOrder() {
    List<Alert> sent = alerts("a", 200);
    Pool pool = PgBuilder.pool().connectingTo(db.options()).using(vertx).build();
    Await.result(new SwapEventWriter(pool).insert(List.of(), sent, Map.of(), Map.of()));
    publish(sent);
    assertDeliveredInOrder(sent, read(sent.size()));
    await().atMost(WAIT).until(() -> db.count(
        "SELECT count(*) FROM swap_alerts WHERE settled AND delivered = '{bus}'") == sent.size());
  }

  @Test
  void alertsWaitThroughABrokerOutageAndArriveOnceInOrder() throws Exception {
    List<Alert> before = alerts("b", 40);
    publish(before);
    await().atMost(WAIT).until(() -> registry.get("swap.alert.deliveries").tag("destination", "bus")
        .tag("outcome", "delivered").counter().count() == before.size());
    kafka.kill();
    List<Alert> during = alerts("d", 60);
    publish(during);
    await().atMost(WAIT).untilAsserted(() -> {
      assertTrue(registry.get("swap.alert.retries").tag("destination", "bus").counter().count() >= 1);
      assertTrue(registry.get("swap.alert.pending").tag("destination", "bus").gauge().value() > 0);
    });
    kafka.restart();
    List<Alert> all = new ArrayList<>(before);
    all.addAll(during);
    assertDeliveredInOrder(all, read(all.size()));
  }
}
