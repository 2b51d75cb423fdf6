package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.KafkaBroker;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Instances of the packaged jar in one consumer group on a topic of 6 partitions: an instance
 * killed mid-run, or one joining while writes are in flight, and every event is stored exactly once,
 * with no partition's cursor ever moving back.
 */
class KafkaEndToEndIT {

  private static final int PARTITIONS = 6;
  private static final int DOCUMENTS = 30_000;
  private static final Duration DONE_TIMEOUT = Duration.ofSeconds(120);

  @RegisterExtension
  static final KafkaBroker kafka = KafkaBroker.start();
  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path dir;

  private final List<ServiceProcess> instances = new ArrayList<>();
  private String topic;

  @BeforeEach
  void emptyTables() {
    db.query("DROP TABLE IF EXISTS swap_events, swap_events_rejected, swap_checkpoints");
  }

  @AfterEach
  void stopInstances() throws Exception {
    for (ServiceProcess instance : instances) {
      instance.close();
    }
  }

  private ServiceProcess startInstance() throws Exception {
    int port = ServiceProcess.freePort();
    int n = instances.size();
    JsonObject source = new JsonObject().put("type", "kafka").put("bootstrapServers", kafka.bootstrapServers())
        .put("topic", topic).put("groupId", "e2e")
        // a killed member is noticed within seconds, not the default 45
        .put("properties", new JsonObject().put("session.timeout.ms", 6000).put("heartbeat.interval.ms", 1000)
            .put("max.poll.records", 200));
    JsonObject config = new JsonObject()
        .put("pg", new JsonObject().put("port", db.options().getPort()).put("database", db.name()))
        .put("http", new JsonObject().put("port", port))
        .put("flusher", new JsonObject().put("maxQueue", 4000).put("batchSize", 1000).put("flushIntervalMs", 100)
            .put("spillDir", dir.resolve("spill-" + n).toString()))
        .put("processor", new JsonObject().put("outboxSize", 200).put("source", source));
    ServiceProcess instance = ServiceProcess.start(Files.writeString(dir.resolve("config-" + n + ".json"),
        config.encodePrettily()), port);
    instances.add(instance);
    instance.awaitHealthy(Duration.ofSeconds(60));
    return instance;
  }

  private Replay topicOf(String name, long seed) throws Exception {
    topic = name;
    kafka.createTopic(topic, PARTITIONS);
    return Replay.synthetic(dir.resolve(name + ".jsonl"), DOCUMENTS, seed);
  }

  /** Produces the replay in 20 parts over some 10 s, so that a kill or a join lands while records still come. */
  private CompletableFuture<Void> produce(Replay replay) {
    return CompletableFuture.runAsync(() -> {
      try {
        List<String> lines = Files.readAllLines(replay.file());
        int part = DOCUMENTS / 20;
        for (int from = 0; from < DOCUMENTS; from += part) {
          kafka.produce(topic, PARTITIONS, lines.subList(from, from + part), 0);
          Thread.sleep(500);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Each partition's stored position (records whose events are durable), by partition. */
  private Map<Integer, Long> checkpoints() {
    Map<Integer, Long> positions = new HashMap<>();
    db.query("SELECT source_id, position FROM swap_checkpoints WHERE source_id LIKE 'kafka:" + topic + ":%'")
        .forEach(row -> positions.put(Integer.parseInt(row.getString(0).substring(row.getString(0).lastIndexOf(':') + 1)),
            row.getLong(1)));
    return positions;
  }

  private long durableRecords() {
    return checkpoints().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Every record of every partition durable, each partition's checkpoint at its last record. */
  private void awaitAllDurable(ServiceProcess any) {
    any.awaitAsserted(DONE_TIMEOUT, Duration.ofMillis(200), () -> assertEquals(DOCUMENTS, durableRecords(),
        "durable records by partition: " + checkpoints()));
  }

  private void assertExactlyOnce(Replay replay) {
    assertEquals(replay.keys().size(), db.count("SELECT count(*) FROM swap_events"), "no row twice");
    assertEquals(replay.keys(), Replay.storedKeys(db), "every event");
  }

  /** The partitions an instance's log says it was last assigned before now. */
  private static List<Integer> assigned(ServiceProcess instance) {
    Matcher lines = Pattern.compile("Partitions assigned: \\[(.*)]").matcher(instance.output());
    String last = "";
    while (lines.find()) {
      last = lines.group(1);
    }
    List<Integer> partitions = new ArrayList<>();
    Matcher partition = Pattern.compile("partition=(\\d+)").matcher(last);
    while (partition.find()) {
      partitions.add(Integer.parseInt(partition.group(1)));
    }
    return partitions;
  }

  @ParameterizedTest(name = "{0} instances")
  @ValueSource(ints = {2, 3})
  void anInstanceKilledMidRunLosesNothingAndTheOthersTakeItsPartitions(int count) throws Exception {
    Replay replay = topicOf("killed-of-" + count, count);
    for (int i = 0; i < count; i++) {
      startInstance();
    }
    ServiceProcess victim = instances.get(0);
    // the group has settled once every member has partitions: 6 among them all
    victim.awaitAsserted(Duration.ofSeconds(60), () -> {
      assertTrue(instances.stream().noneMatch(instance -> assigned(instance).isEmpty()));
      assertEquals(PARTITIONS, instances.stream().mapToInt(instance -> assigned(instance).size()).sum());
    });
    List<Integer> victims = assigned(victim);
    assertTrue(!victims.isEmpty(), "the instance to kill owns partitions");

    CompletableFuture<Void> produced = produce(replay);
    victim.awaitAsserted(DONE_TIMEOUT, Duration.ofMillis(20), () -> assertTrue(durableRecords() >= DOCUMENTS / 5));
    long atKill = durableRecords();
    victim.kill();
    produced.join();

    ServiceProcess survivor = instances.get(1);
    awaitAllDurable(survivor);
    System.out.printf("%d instances: killed one owning partitions %s with %d of %d records durable%n", count, victims,
        atKill, DOCUMENTS);
    assertTrue(atKill < DOCUMENTS, "killed mid-run");
    String survivors = String.join("\n", instances.subList(1, count).stream().map(ServiceProcess::output).toList());
    for (int partition : victims) {
      assertTrue(survivors.contains("kafka:" + topic + ":" + partition + " resumes at"),
          "a survivor took partition " + partition);
    }
    assertExactlyOnce(replay);
  }

  @Test
  void anInstanceJoiningWhileWritesAreInFlightLosesNothingAndMovesNoCursorBack() throws Exception {
    Replay replay = topicOf("joined", 11);
    ServiceProcess first = startInstance();
    AtomicBoolean watching = new AtomicBoolean(true);
    List<String> movedBack = new ArrayList<>();
    // every 50 ms, each partition's stored position: it may only grow
    CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> {
      Map<Integer, Long> last = new HashMap<>();
      int samples = 0;
      while (watching.get()) {
        Map<Integer, Long> now = checkpoints();
        now.forEach((partition, position) -> {
          Long before = last.put(partition, position);
          if (before != null && position < before) {
            movedBack.add("partition " + partition + ": " + before + " -> " + position);
          }
        });
        samples++;
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return samples;
    });
    CompletableFuture<Void> produced = produce(replay);
    first.awaitAsserted(DONE_TIMEOUT, Duration.ofMillis(20), () -> assertTrue(durableRecords() >= DOCUMENTS / 5));
    long atJoin = durableRecords();
    ServiceProcess second = startInstance();
    produced.join();
    awaitAllDurable(first);
    watching.set(false);
    int samples = watch.join();

    System.out.printf("an instance joined with %d of %d records durable; %d samples of the checkpoints%n", atJoin,
        DOCUMENTS, samples);
    assertTrue(atJoin < DOCUMENTS, "joined mid-run");
    assertEquals(List.of(), movedBack, "no cursor moved back");
    assertTrue(second.output().contains("resumes at"), "the instance that joined took partitions");
    assertTrue(second.metric("swap_tx_processed_total") > 0, "and read from them");
    assertExactlyOnce(replay);
  }

  @Test
  void aBrokerKilledIsNamedByHealthAndReadinessWithTheLagUnknownUntilItIsBackAndNothingIsLost() throws Exception {
    Replay replay = topicOf("broker-killed", 21);
    List<String> lines = Files.readAllLines(replay.file());
    ServiceProcess instance = startInstance();
    kafka.produce(topic, PARTITIONS, lines.subList(0, DOCUMENTS / 2), 0);
    instance.awaitAsserted(DONE_TIMEOUT, Duration.ofMillis(200), () -> assertEquals(DOCUMENTS / 2, durableRecords()));

    kafka.kill();
    try {
      instance.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
        String health = instance.get("/health");
        assertTrue(health.contains("\"healthy\":false") && health.contains("could not describe topic"), health);
        String ready = instance.get("/health/ready");
        assertTrue(ready.contains("DOWN") && ready.contains("could not describe topic"), ready);
      });
      String scrape = instance.get("/metrics");
      assertTrue(scrape.contains("swap_source_kafka_lag_records{source=\"kafka:" + topic + ":0\"} NaN"), scrape);
    } finally {
      kafka.restart();
    }

    kafka.produce(topic, PARTITIONS, lines.subList(DOCUMENTS / 2, DOCUMENTS), 0);
    awaitAllDurable(instance);
    instance.awaitHealthy(Duration.ofSeconds(60));
    instance.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals(0, instance.metric(
        "swap_source_kafka_lag_records{source=\"kafka:" + topic + ":0\"}")));
    assertExactlyOnce(replay);
  }
}
