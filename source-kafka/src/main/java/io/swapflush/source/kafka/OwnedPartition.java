package io.swapflush.source.kafka;

import io.vertx.kafka.client.common.TopicPartition;

/** A partition assigned to this instance now; its records are handed on once it is positioned at its cursor. */
final class OwnedPartition {

  final TopicPartition partition;
  final String checkpointId;
  /** Where its sequence stands; null until the consumer has been sent to the stored cursor. */
  PartitionCursor cursor;
  /** The offset last committed to Kafka for lag tools; -1 before any. */
  long committedOffset = -1;

  OwnedPartition(TopicPartition partition) {
    this.partition = partition;
    this.checkpointId = KafkaSettings.checkpointId(partition.getTopic(), partition.getPartition());
  }

  boolean positioned() {
    return cursor != null;
  }
}
