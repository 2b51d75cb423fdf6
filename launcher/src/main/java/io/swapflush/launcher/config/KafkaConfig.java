package io.swapflush.launcher.config;

import io.swapflush.source.kafka.KafkaSettings;
import java.util.Map;
import java.util.Set;

/** {@code processor.source} of type {@code kafka}: a consumer group on a topic of documents. */
final class KafkaConfig {

  /** Consumer properties the source sets itself: its exactly-once rests on them. */
  private static final Set<String> OWN_PROPERTIES = Set.of("bootstrap.servers", "group.id", "enable.auto.commit",
      "key.deserializer", "value.deserializer");

  private KafkaConfig() {
  }

  static KafkaSettings read(ConfigSection section) {
    ConfigSection properties = section.section("properties");
    Map<String, String> values = properties.scalars();
    for (String key : values.keySet()) {
      if (OWN_PROPERTIES.contains(key)) {
        throw properties.invalid(key, "is set by swapflush (bootstrapServers, groupId; offsets are committed by the "
            + "source after the database)", values.get(key));
      }
    }
    return new KafkaSettings(section.requiredString("bootstrapServers"), section.requiredString("topic"),
        section.string("groupId", "swapflush"), values);
  }
}
