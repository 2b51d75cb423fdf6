package io.swapflush.processor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/** The processor's meters; the outbox gauge leaves with its verticle. */
final class ProcessorMetrics {

  private final MeterRegistry registry;
  private final Gauge outboxSize;
  private Gauge sourcePosition;
  final Counter processed;

  ProcessorMetrics(MeterRegistry registry, Outbox outbox) {
    this.registry = registry;
    this.outboxSize = Gauge.builder("swap.outbox.size", outbox, Outbox::size)
        .description("Transactions not yet accepted by the flusher").register(registry);
    this.processed = Counter.builder("swap.tx.processed").description("Transactions parsed").register(registry);
  }

  void invalid(String reason) {
    Counter.builder("swap.tx.invalid").description("Input rejected, by reason").tag("reason", reason)
        .register(registry).increment();
  }

  void alert(String rule) {
    Counter.builder("swap.alerts").description("Alerts fired, by rule").tag("rule", rule).register(registry)
        .increment();
  }

  void sourcePosition(String source, LongSupplier newest) {
    sourcePosition = Gauge.builder("swap.source.position", newest, LongSupplier::getAsLong)
        .description("Newest position read from the source").tag("source", source)
        .strongReference(true) // the supplier is referenced by nothing else
        .register(registry);
  }

  void close() {
    registry.remove(outboxSize);
    if (sourcePosition != null) {
      registry.remove(sourcePosition);
    }
  }
}
