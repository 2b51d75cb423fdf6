package io.swapflush.source.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.source.SourceReport;
import io.swapflush.testsupport.KafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the kafka source says of itself while its input is out of reach or out of sight, against a
 * real broker that is killed and restarted: a broker gone (also before the source starts) and
 * partitions no member reads are problems /health shows, the consumer lag is a gauge, unknown
 * (NaN) while the broker is away, and partitions added to the topic are read within seconds.
 */
class KafkaSourceWatchTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final KafkaBroker kafka = KafkaBroker.start();

  private final KafkaInstances instances = new KafkaInstances();

  @AfterEach
  void close() {
    instances.close();
  }

  private static KafkaSettings settings(String topic, Map<String, String> more) {
    Map<String, String> properties = new HashMap<>(Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000"));
    properties.putAll(more);
    return new KafkaSettings(kafka.bootstrapServers(), topic, topic, properties);
  }

  private static List<String> documents(int count) {
    SyntheticTransactions generator = new SyntheticTransactions(count);
    return IntStream.range(0, count).mapToObj(i -> generator.next()).toList();
  }

  /** Sends {@code count} documents, one to each partition in turn. */
  private static void produce(String topic, int partitions, int count) {
    kafka.produce(topic, partitions, documents(count), 0);
  }

  private static void awaitProblem(KafkaInstances.Instance instance, String containing) {
    await().atMost(TIMEOUT).untilAsserted(() -> {
      SourceReport report = instance.status();
      assertTrue(report.state().contains(containing), report.state());
      assertTrue(!report.inGoodState(), "a source held up is not in a good state: " + report.state());
    });
  }

  private static void awaitRunning(KafkaInstances.Instance instance) {
    await().atMost(TIMEOUT).untilAsserted(() -> assertEquals("running", instance.status().state()));
  }

  @Test
  void aBrokerKilledMidRunIsAProblemWithTheLagUnknownUntilItIsBackAndNothingIsLost() throws Exception {
    String topic = "killed";
    kafka.createTopic(topic, 2);
    produce(topic, 2, 200);
    KafkaInstances.Instance instance = instances.start(settings(topic, Map.of()));
    await().atMost(TIMEOUT).until(() -> instance.received().size() >= 200);
    awaitRunning(instance);
    await().atMost(TIMEOUT).until(() -> instance.gauge("swap.source.kafka.lag") == 0);
    assertEquals(2, instance.registry().find("swap.source.kafka.lag").gauges().size(), "a lag per partition");

    kafka.kill();
    awaitProblem(instance, "could not describe topic");
    assertTrue(Double.isNaN(instance.gauge("swap.source.kafka.lag")), "nothing is known of the lag");
    assertTrue(Double.isNaN(instance.gauge("swap.source.kafka.partitions.unassigned")));

    kafka.restart();
    produce(topic, 2, 200);
    await().atMost(TIMEOUT).until(() -> instance.received().size() >= 400);
    awaitRunning(instance);
    assertEquals(400, instance.received().size(), "no record twice");
    assertEquals(200, instances.database.get(KafkaSettings.checkpointId(topic, 0)).position());
    await().atMost(TIMEOUT).until(() -> instance.gauge("swap.source.kafka.lag") == 0);
  }

  @Test
  void aSourceStartedWhileTheBrokerIsDownSaysSoAndReadsOnceItIsUp() throws Exception {
    String topic = "down-at-start";
    kafka.createTopic(topic, 2);
    produce(topic, 2, 100);
    kafka.kill();
    KafkaInstances.Instance instance = instances.start(settings(topic, Map.of()));
    awaitProblem(instance, "could not describe topic");

    kafka.restart();
    await().atMost(TIMEOUT).until(() -> instance.received().size() >= 100);
    awaitRunning(instance);
    assertNull(instance.status().stalledReason());
  }

  @Test
  void partitionsAddedToTheTopicAreReadWithinSeconds() {
    String topic = "grown";
    kafka.createTopic(topic, 2);
    KafkaInstances.Instance instance = instances.start(settings(topic, Map.of()));
    produce(topic, 2, 20);
    await().atMost(TIMEOUT).until(() -> instance.received().size() >= 20);

    kafka.addPartitions(topic, 4);
    produce(topic, 4, 40);
    // Kafka's default metadata age would leave partitions 2 and 3 unread for five minutes
    await().atMost(Duration.ofSeconds(30)).until(() -> instance.received().size() >= 60);
    assertEquals(10, instances.database.get(KafkaSettings.checkpointId(topic, 3)).position());
    awaitRunning(instance);
  }

  @Test
  void partitionsNoMemberReadsAreAProblemUntilTheGroupTakesThem() {
    String topic = "unread";
    kafka.createTopic(topic, 2);
    // a consumer told to refresh its view of the topic rarely: the new partitions stay unread meanwhile
    KafkaInstances.Instance instance = instances.start(settings(topic, Map.of("metadata.max.age.ms", "600000")));
    produce(topic, 2, 20);
    await().atMost(TIMEOUT).until(() -> instance.received().size() >= 20);
    awaitRunning(instance);

    kafka.addPartitions(topic, 4);
    awaitProblem(instance, "partitions [2, 3] of 4 of topic unread have been read by no member of group unread");
    assertEquals(2, instance.gauge("swap.source.kafka.partitions.unassigned"));
  }

  @Test
  void recordsTheSourceHasNotFetchedAreItsLagAndMakeItStalledWhenNothingMoves() {
    String topic = "lagging";
    kafka.createTopic(topic, 1);
    KafkaInstances.Instance instance = instances.start(settings(topic, Map.of("max.poll.records", "10")));
    awaitRunning(instance);
    instances.holdReplies(instance);
    produce(topic, 1, 2000);

    // the outbox fills, the source pauses, the consumer stops fetching: the rest waits in the topic
    await().atMost(TIMEOUT).until(() -> instance.gauge("swap.source.kafka.lag") > 1000);
    await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(instance.status().stalledMs() > 0,
        "input waits unread while nothing moves"));

    instances.releaseReplies(instance);
    await().atMost(TIMEOUT).until(() -> instance.received().size() >= 2000);
    await().atMost(TIMEOUT).until(() -> instance.gauge("swap.source.kafka.lag") == 0);
    await().atMost(TIMEOUT).untilAsserted(() -> assertEquals(0, instance.status().stalledMs()));
  }
}
