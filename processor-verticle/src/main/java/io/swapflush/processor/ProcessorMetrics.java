package io.swapflush.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.processor.parse.Uncertainty;
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

  ProcessorMetrics(MeterRegistry registry, Outbox outbox, SourceWatch watch, String source) {
    this.registry = registry;
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
    Counter.builder("swap.parse.uncertain")
        .description("Transactions whose amounts the venue's side did not decide, or that moved funds through a"
            + " known pool and produced no event, by reason")
        .tag("reason", reason.label()).register(registry).increment();
  }

  void alert(String rule) {
    Counter.builder("swap.alerts").description("Alerts fired, by rule").tag("rule", rule).register(registry)
        .increment();
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
