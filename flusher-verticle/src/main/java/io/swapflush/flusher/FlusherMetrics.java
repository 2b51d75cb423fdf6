package io.swapflush.flusher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The flusher's meters. Counters outlive a redeploy (same names, same meters); the queue gauge
 * belongs to one buffer and is removed with its verticle.
 */
final class FlusherMetrics {

  private final MeterRegistry registry;
  private final Gauge queueSize;
  private final Map<String, Gauge> checkpoints = new HashMap<>();
  final Counter flushes;
  final Timer flushDuration;
  final Counter eventsWritten;
  final Counter retries;
  final Counter rejected;
  final Counter dropped;

  FlusherMetrics(MeterRegistry registry, EventBuffer buffer) {
    this.registry = registry;
    this.queueSize = Gauge.builder("swap.queue.size", buffer, EventBuffer::events)
        .description("Events held by the flusher: buffered or being written")
        .register(registry);
    this.flushes = Counter.builder("swap.flush.count").description("Batches committed").register(registry);
    this.flushDuration = Timer.builder("swap.flush.duration")
        .description("Time from sending a batch to its commit")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
    this.eventsWritten = Counter.builder("swap.events.written")
        .description("Events in committed batches (duplicates of stored rows included)")
        .register(registry);
    this.retries = Counter.builder("swap.flush.retries").description("Failed batch writes retried").register(registry);
    this.rejected = Counter.builder("swap.events.rejected")
        .description("Events the database refused as bad data, set aside as dead letters").register(registry);
    this.dropped = Counter.builder("swap.events.dropped")
        .description("Events discarded by the drop-newest or drop-oldest overflow policy").register(registry);
  }

  /** Exposes the stored checkpoint of each source the tracker knows. */
  void checkpoints(CheckpointTracker tracker) {
    for (String source : tracker.sources()) {
      checkpoints.computeIfAbsent(source, s -> Gauge.builder("swap.checkpoint.position", tracker,
              t -> t.persistedPosition(s))
          .description("Stored checkpoint: every source position up to it is durable; a restart resumes after it")
          .tag("source", s).register(registry));
    }
  }

  void close() {
    registry.remove(queueSize);
    checkpoints.values().forEach(registry::remove);
  }
}
