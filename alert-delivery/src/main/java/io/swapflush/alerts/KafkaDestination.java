package io.swapflush.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends each message to a topic keyed by base mint, so a mint's alerts share a partition and keep
 * their order; the producer is idempotent (acks from all in-sync replicas, no duplicate from its own
 * retries). The message id rides as the {@code id} header for consumers that deduplicate.
 */
final class KafkaDestination implements Destination {

  private final KafkaProducer<String, String> producer;
  private final String topic;

  KafkaDestination(Vertx vertx, DestinationSettings.Kafka target, long timeoutMs) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", target.bootstrapServers());
    config.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    config.put("enable.idempotence", "true");
    config.put("acks", "all");
    // one attempt of the queue's is bounded like a webhook's: the queue retries, not the producer for ever
    config.put("request.timeout.ms", Long.toString(timeoutMs));
    config.put("max.block.ms", Long.toString(timeoutMs));
    config.put("linger.ms", "0");
    config.putAll(target.properties());
    // the producer refuses a delivery timeout under linger + request timeout, which properties may raise
    config.putIfAbsent("delivery.timeout.ms", Long.toString(Math.max(timeoutMs,
        millis(config, "linger.ms") + millis(config, "request.timeout.ms"))));
    this.producer = KafkaProducer.create(vertx, config, String.class, String.class);
    this.topic = target.topic();
  }

  /** A setting in ms; one that is not a number is left for the producer to refuse by name. */
  private static long millis(Map<String, String> config, String key) {
    try {
      return Long.parseLong(config.get(key).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public Future<Void> send(AlertMessage message) {
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(topic, message.mint(), message.body())
        .addHeader("id", message.id())
        .addHeader("type", message.kind().type());
    return producer.send(record)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(new DeliveryFailure(e.getClass().getSimpleName() + ": " + e.getMessage(),
            0)));
  }

  @Override
  public Future<Void> close() {
    return producer.close();
  }
}
