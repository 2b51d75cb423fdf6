package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker process takes topics and records; records sent in transactions leave gaps in the offsets. */
class KafkaBrokerTest {

  @RegisterExtension
  static final KafkaBroker kafka = KafkaBroker.start();

  @Test
  void recordsInTransactionsHaveOffsetsWithGaps() {
    kafka.createTopic("gaps", 2);
    List<String> values = IntStream.range(0, 8).mapToObj(i -> "{\"n\":" + i + "}").toList();
    List<RecordMetadata> sent = kafka.produce("gaps", 2, values, 2);
    assertEquals(8, sent.size());
    // two records of a partition per transaction: offsets 0, 2, 4, 6 (a commit marker after each)
    List<Long> offsets = sent.stream().filter(m -> m.partition() == 0).map(RecordMetadata::offset).toList();
    assertEquals(List.of(0L, 2L, 4L, 6L), offsets);
    assertTrue(sent.stream().allMatch(m -> m.topic().equals("gaps")));
  }
}
