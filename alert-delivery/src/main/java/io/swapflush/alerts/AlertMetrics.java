package io.swapflush.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery's meters, by destination; the gauges leave with the verticle and read the snapshot
 * it publishes every second (a scrape runs on any thread).
 */
final class AlertMetrics {

  static final List<String> OUTCOMES = List.of("delivered", "retraction-delivered", "expired", "refused", "withdrawn",
      "deferred");

  private final MeterRegistry registry;
  private final List<Gauge> gauges = new ArrayList<>();
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();
  final Counter recovered;
  final Counter expiredStored;

  AlertMetrics(MeterRegistry registry, List<String> destinations, Map<String, DestinationSnapshot> snapshots) {
    this.registry = registry;
    for (String destination : destinations) {
      // every labelled series a dashboard or an alert rule reads exists from the start, at zero
      OUTCOMES.forEach(outcome -> outcome(destination, outcome));
      retries.put(destination, Counter.builder("swap.alert.retries")
          .description("Attempts a destination did not take (each followed by a pause), by destination")
          .tag("destination", destination).register(registry));
      latency.put(destination, Timer.builder("swap.alert.delivery.latency")
          .description("From the alert's transaction's arrival (or, recovered, from when it fired) to the destination's"
              + " acknowledgement")
          .tag("destination", destination).publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
          .register(registry));
      gauges.add(Gauge.builder("swap.alert.oldest.undelivered", snapshots,
              s -> s.get(destination).oldestUndeliveredSeconds())
          .description("Age of the oldest alert still to go to the destination, held or waiting in the database"
              + " (0: none)")
          .baseUnit("seconds").tag("destination", destination).register(registry));
      gauges.add(Gauge.builder("swap.alert.pending", snapshots, s -> s.get(destination).pending())
          .description("Messages held for the destination, on their way or waiting").tag("destination", destination)
          .register(registry));
      gauges.add(Gauge.builder("swap.alert.destination.failing", snapshots,
              s -> s.get(destination).failingSeconds())
          .description("Seconds every attempt to the destination has failed (0: it takes messages)").baseUnit("seconds")
          .tag("destination", destination).register(registry));
    }
    recovered = Counter.builder("swap.alerts.recovered")
        .description("Stored alerts taken over from an instance that is gone, to deliver").register(registry);
    expiredStored = Counter.builder("swap.alerts.expired")
        .description("Stored alerts given up past every destination's maximum age").register(registry);
  }

  Counter outcome(String destination, String outcome) {
    return outcomes.computeIfAbsent(destination + "\0" + outcome, k -> Counter.builder("swap.alert.deliveries")
        .description("Alert messages by what became of them, by destination")
        .tag("destination", destination).tag("outcome", outcome).register(registry));
  }

  void retried(String destination) {
    retries.get(destination).increment();
  }

  void latency(String destination, long nanos) {
    latency.get(destination).record(Duration.ofNanos(Math.max(0, nanos)));
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
