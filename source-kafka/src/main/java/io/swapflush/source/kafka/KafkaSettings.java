package io.swapflush.source.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * A consumer group on a topic whose records are documents. Instances with the same {@code groupId}
 * share the partitions; each partition's cursor (its next offset) is committed with its rows.
 *
 * @param properties any Kafka consumer property (security settings, fetch sizes, timeouts), as given
 */
public record KafkaSettings(String bootstrapServers, String topic, String groupId, Map<String, String> properties)
    implements SourceSettings {

  /** How old the consumer's view of the topic may get: new partitions are read within seconds. */
  static final long METADATA_MAX_AGE_MS = 5000;

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
    // Kafka's default (5 minutes) leaves partitions added to the topic unread that long
    config.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(METADATA_MAX_AGE_MS));
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return config;
  }

  /**
   * The watching admin client's configuration: the given properties an admin client knows
   * (security settings), short timeouts so that a probe fails rather than waits a minute.
   */
  Map<String, String> adminConfig() {
    Map<String, String> config = new HashMap<>();
    properties.forEach((name, value) -> {
      if (AdminClientConfig.configNames().contains(name)) {
        config.put(name, value);
      }
    });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "swapflush-watch-" + groupId);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
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
    return new KafkaSource(this, maxDocumentBytes, registry);
  }
}
