package io.swapflush.source.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A consumer group on a topic whose records are documents. Instances with the same {@code groupId}
 * share the partitions; each partition's cursor (its next offset) is committed with its rows.
 *
 * @param properties any Kafka consumer property (security settings, fetch sizes, timeouts), as given
 */
public record KafkaSettings(String bootstrapServers, String topic, String groupId, Map<String, String> properties)
    implements SourceSettings {

  public KafkaSettings {
    properties = Map.copyOf(properties);
  }

  /** The checkpoint id of one partition: each has a sequence and a cursor of its own. */
  public static String checkpointId(String topic, int partition) {
    return "kafka:" + topic + ":" + partition;
  }

  /**
   * The consumer's configuration: the given properties, then what the source relies on. Kafka's
   * committed offsets are only a copy for lag tools, committed by the source after the database.
   */
  Map<String, String> consumerConfig() {
    Map<String, String> config = new HashMap<>(properties);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return config;
  }

  @Override
  public String toString() {
    // properties may hold credentials (sasl.jaas.config): only their names are shown
    return "Kafka[" + bootstrapServers + ", topic=" + topic + ", groupId=" + groupId + ", properties="
        + properties.keySet() + "]";
  }

  @Override
  public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
    return new KafkaSource(this, maxDocumentBytes);
  }
}
