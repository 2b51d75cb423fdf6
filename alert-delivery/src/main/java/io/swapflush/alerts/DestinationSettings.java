package io.swapflush.alerts;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One destination of {@code processor.alerts.destinations}, validated.
 *
 * @param name how metrics, /health and the stored delivery state name it
 * @param rules the rules whose alerts it gets; empty for all
 * @param delivery how hard and how fast it is tried
 * @param target where it is
 */
public record DestinationSettings(String name, List<String> rules, Delivery delivery, Target target) {

  public DestinationSettings {
    rules = List.copyOf(rules);
  }

  public boolean wants(String rule) {
    return rules.isEmpty() || rules.contains(rule);
  }

  /**
   * @param maxAgeMs how long after it fired an alert is still tried (then given up, counted)
   * @param retryMinMs the first pause after a failure; doubles, with jitter, up to {@code retryMaxMs}
   * @param timeoutMs how long one attempt may take
   * @param perMinute messages a minute at most (0: no limit); a burst of that many may go at once
   * @param maxInFlight messages on their way at once (never two of one mint)
   */
  public record Delivery(long maxAgeMs, long retryMinMs, long retryMaxMs, long timeoutMs, int perMinute,
                         int maxInFlight) {

    public static final Delivery DEFAULTS = new Delivery(24 * 3_600_000L, 1000, 300_000, 10_000, 0, 4);
  }

  /** Where a destination is, and how to open it. */
  public sealed interface Target permits Webhook, Kafka {

    Destination open(Vertx vertx, Delivery delivery);

    /** For logs and the status page: never the secret. */
    String describe();
  }

  /**
   * {@code secret}: a Standard Webhooks secret ({@code whsec_…}); never logged nor shown, nor is the
   * URL's path (chat services put their token in it). {@code chatId}: Telegram's, for that format.
   */
  public record Webhook(String url, String secret, WebhookFormat format, String chatId) implements Target {

    public Webhook(String url, String secret) {
      this(url, secret, WebhookFormat.STANDARD, null);
    }

    @Override
    public Destination open(Vertx vertx, Delivery delivery) {
      return new WebhookDestination(vertx, this, delivery.timeoutMs());
    }

    @Override
    public String describe() {
      URI uri = URI.create(url);
      return "webhook " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
          + (format == WebhookFormat.STANDARD ? "" : " (" + format.label() + ")");
    }

    @Override
    public String toString() {
      return "Webhook[" + describe() + ", secret=(hidden)]";
    }
  }

  /** A topic keyed by base mint; {@code properties} are the producer's, over the defaults. */
  public record Kafka(String bootstrapServers, String topic, Map<String, String> properties) implements Target {

    public Kafka {
      properties = Map.copyOf(properties);
    }

    @Override
    public Destination open(Vertx vertx, Delivery delivery) {
      return new KafkaDestination(vertx, this, delivery.timeoutMs());
    }

    @Override
    public String describe() {
      return "kafka " + topic + " at " + bootstrapServers;
    }

    /** Properties by name only: {@code sasl.jaas.config} holds a password. */
    @Override
    public String toString() {
      return "Kafka[" + describe() + ", properties=" + new java.util.TreeSet<>(properties.keySet()) + "]";
    }
  }
}
