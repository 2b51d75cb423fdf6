package io.swapflush.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.event.Uncertainty;
import java.util.ArrayList;
import java.util.List;

/**
 * The processor's meters; the gauges leave with their verticle. Gauges read only values published
 * for other threads (volatile), since a scrape may run on any thread.
 */
final class ProcessorMetrics {

  private final MeterRegistry registry;
  private final List<Gauge> gauges = new ArrayList<>();
  final Counter processed;

  ProcessorMetrics(MeterRegistry registry, Outbox outbox, SourceWatch watch, String source, List<String> rules) {
    this.registry = registry;
    // every labelled counter a dashboard or an alert reads exists from the start, at zero
    for (Uncertainty reason : Uncertainty.values()) {
      uncertain(reason, 0);
    }
    rules.forEach(rule -> alert(rule, 0));
    gauges.add(Gauge.builder("swap.outbox.size", outbox, Outbox::size)
        .description("Transactions not yet accepted by the flusher").register(registry));
    this.processed = Counter.builder("swap.tx.processed").description("Transactions parsed").register(registry);
    if (source != null) {
      gauges.add(Gauge.builder("swap.source.position", watch, SourceWatch::newestPosition)
          .description("Newest position read from the source").tag("source", source).register(registry));
      gauges.add(Gauge.builder("swap.source.leader", watch, SourceWatch::leading)
          .description("1 while this instance reads the source (its leader, or its only reader), 0 on standby")
          .tag("source", source).register(registry));
      gauges.add(Gauge.builder("swap.source.stalled", watch, SourceWatch::stalledSeconds)
          .description("Seconds the source has read nothing while input waits (0: progressing or nothing to read)")
          .baseUnit("seconds").tag("source", source).register(registry));
    }
  }

  void invalid(String reason) {
    Counter.builder("swap.tx.invalid").description("Input rejected, by reason").tag("reason", reason)
        .register(registry).increment();
  }

  void uncertain(Uncertainty reason) {
    uncertain(reason, 1);
  }

  void alert(String rule) {
    alert(rule, 1);
  }

  private void uncertain(Uncertainty reason, int count) {
    Counter.builder("swap.parse.uncertain")
        .description("Transactions whose amounts the venue's side did not decide, or that moved funds through a"
            + " known pool and produced no event, by reason")
        .tag("reason", reason.label()).register(registry).increment(count);
  }

  private void alert(String rule, int count) {
    Counter.builder("swap.alerts").description("Alerts fired, by rule").tag("rule", rule).register(registry)
        .increment(count);
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
