package io.swapflush.source.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.KafkaBroker;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kafka source against a real broker, with stand-ins for the flusher that take every message as
 * durable at once and keep the checkpoints as the database would: every record handed on once per
 * owner, a dense sequence per partition, cursors at the next offset (offsets with gaps: records are
 * produced in transactions), two owners of a partition numbering its records alike, and Kafka's offsets committed after the stand-in's.
 */
class KafkaSourceTest {

  private static final int PARTITIONS = 6;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @RegisterExtension
  static final KafkaBroker kafka = KafkaBroker.start();

  private final KafkaInstances instances = new KafkaInstances();
  /** The database of the stand-ins: the highest checkpoint of each partition any instance wrote. */
  private final Map<String, SourceCheckpoint> database = instances.database;

  @AfterEach
  void close() {
    instances.close();
  }

  private static List<String> documents(int count, long seed) {
    SyntheticTransactions generator = new SyntheticTransactions(seed);
    return IntStream.range(0, count).mapToObj(i -> generator.next()).toList();
  }

  private static KafkaSettings settings(String topic, String group) {
    // a member that leaves is noticed within seconds, not the default 45
    return new KafkaSettings(kafka.bootstrapServers(), topic, group, Map.of("session.timeout.ms", "6000",
        "heartbeat.interval.ms", "1000", "max.poll.records", "200"));
  }

  private List<TransactionEvents> start(KafkaSettings source) {
    return instances.start(source).received();
  }

  /** Partition and offset of a record, as the message that carries it tells. */
  private static String recordOf(TransactionEvents tx) {
    return tx.source().substring(tx.source().lastIndexOf(':') + 1) + "@" + (offset(tx.cursor()) - 1);
  }

  private static String recordOf(RecordMetadata sent) {
    return sent.partition() + "@" + sent.offset();
  }

  private static long offset(String cursor) {
    return new JsonObject(cursor).getLong("offset");
  }

  private static Set<String> records(List<RecordMetadata> sent) {
    return sent.stream().map(KafkaSourceTest::recordOf).collect(Collectors.toSet());
  }

  private static Set<String> records(Iterable<TransactionEvents> received) {
    Set<String> records = new HashSet<>();
    received.forEach(tx -> records.add(recordOf(tx)));
    return records;
  }

  @Test
  void everyRecordOnceWithADenseSequencePerPartitionAndItsNextOffsetAsCursor() throws Exception {
    String topic = "one-member";
    kafka.createTopic(topic, PARTITIONS);
    List<RecordMetadata> sent = kafka.produce(topic, PARTITIONS, documents(3000, 1), 60);
    List<TransactionEvents> received = start(settings(topic, "one"));

    await().atMost(TIMEOUT).until(() -> received.size() >= sent.size());
    assertEquals(sent.size(), received.size(), "no record twice");
    assertEquals(records(sent), records(received));
    for (int p = 0; p < PARTITIONS; p++) {
      String id = KafkaSettings.checkpointId(topic, p);
      List<TransactionEvents> ofPartition = received.stream().filter(tx -> tx.source().equals(id)).toList();
      assertEquals(LongStream.rangeClosed(1, ofPartition.size()).boxed().toList(),
          ofPartition.stream().map(TransactionEvents::position).toList(), "dense positions of " + id);
      int partition = p;
      long lastOffset = sent.stream().filter(m -> m.partition() == partition).mapToLong(RecordMetadata::offset).max()
          .orElseThrow();
      assertEquals(lastOffset + 1, offset(database.get(id).cursor()), "the cursor is the next offset");
    }
    // ten records of a partition per transaction, then its commit marker
    assertEquals(548, sent.stream().filter(m -> m.partition() == 0).mapToLong(RecordMetadata::offset).max().orElseThrow(),
        "500 records of a partition, the last at offset 548: transaction markers leave gaps");
    // Kafka's committed offsets follow what is durable, so lag tools see the group caught up
    await().atMost(TIMEOUT).untilAsserted(() -> {
      Map<TopicPartition, OffsetAndMetadata> committed = groupOffsets("one");
      for (int p = 0; p < PARTITIONS; p++) {
        OffsetAndMetadata offset = committed.get(new TopicPartition(topic, p));
        assertEquals(offset(database.get(KafkaSettings.checkpointId(topic, p)).cursor()),
            offset == null ? -1 : offset.offset(), "committed offset of partition " + p);
      }
    });
  }

  @Test
  void aPartitionResumesAtItsStoredCursorAndContinuesItsSequence() {
    String topic = "stored";
    kafka.createTopic(topic, PARTITIONS);
    List<RecordMetadata> sent = kafka.produce(topic, PARTITIONS, documents(600, 2), 0);
    // partition 0 stored through its 40th record (offset 39): 100 records with 60 before them in a
    // sequence that started earlier
    String id = KafkaSettings.checkpointId(topic, 0);
    database.put(id, new SourceCheckpoint(60, new JsonObject().put("offset", 40).encode()));
    List<TransactionEvents> received = start(settings(topic, "stored"));

    await().atMost(TIMEOUT).until(() -> received.size() >= sent.size() - 40);
    List<TransactionEvents> ofPartition = received.stream().filter(tx -> tx.source().equals(id)).toList();
    assertEquals(LongStream.rangeClosed(61, 120).boxed().toList(),
        ofPartition.stream().map(TransactionEvents::position).toList());
    assertEquals(41, offset(ofPartition.get(0).cursor()), "the first record read is the one at offset 40");
    assertEquals(sent.size() - 40, records(received).size());
  }

  @Test
  void aMemberJoiningMidRunTakesPartitionsAndBothNumberEachRecordAlike() {
    String topic = "rebalance";
    kafka.createTopic(topic, PARTITIONS);
    List<String> documents = documents(6000, 3);
    List<RecordMetadata> sent = new ArrayList<>(kafka.produce(topic, PARTITIONS, documents.subList(0, 3000), 0));
    List<TransactionEvents> first = start(settings(topic, "pair"));
    await().atMost(TIMEOUT).until(() -> first.size() >= 1000);
    List<TransactionEvents> second = start(settings(topic, "pair"));
    sent.addAll(kafka.produce(topic, PARTITIONS, documents.subList(3000, 6000), 0));

    List<TransactionEvents> all = new ArrayList<>();
    await().atMost(TIMEOUT).untilAsserted(() -> {
      all.clear();
      all.addAll(first);
      all.addAll(second);
      assertEquals(records(sent), records(all));
    });
    assertFalse(second.isEmpty(), "the member that joined took partitions");
    // whoever read a record gave it the same position: a checkpoint never pairs a position with another's cursor
    Map<String, Set<String>> cursorsByPosition = new HashMap<>();
    all.forEach(tx -> cursorsByPosition.computeIfAbsent(tx.source() + "#" + tx.position(), k -> new HashSet<>())
        .add(tx.cursor()));
    cursorsByPosition.forEach((position, cursors) -> assertEquals(1, cursors.size(), position + ": " + cursors));
    for (int p = 0; p < PARTITIONS; p++) {
      int partition = p;
      long count = sent.stream().filter(m -> m.partition() == partition).count();
      String id = KafkaSettings.checkpointId(topic, p);
      assertEquals(count, database.get(id).position(), "every record of partition " + p + " counted once");
      assertEquals(LongStream.rangeClosed(1, count).boxed().collect(Collectors.toSet()),
          all.stream().filter(tx -> tx.source().equals(id)).map(TransactionEvents::position).collect(Collectors.toSet()));
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> groupOffsets(String group) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    }
  }
}
