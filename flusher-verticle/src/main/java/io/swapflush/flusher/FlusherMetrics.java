package io.swapflush.flusher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The flusher's meters. Counters outlive a redeploy (same names, same meters); the gauges belong to
 * one verticle and are removed with it. Gauges read values the event loop publishes into atomics,
 * never the loop's own state: a scrape may run on any thread.
 */
final class FlusherMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger queued = new AtomicInteger();
  private final Map<String, AtomicLong> checkpointPositions = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new ArrayList<>();
  final Counter flushes;
  final Timer flushDuration;
  final Counter eventsWritten;
  final Counter retries;
  final Counter rejected;
  final Counter dropped;
  final Counter fenced;

  FlusherMetrics(MeterRegistry registry, WriteHealth health) {
    this.registry = registry;
    gauges.add(Gauge.builder("swap.queue.size", queued, AtomicInteger::get)
        .description("Swap events held by the flusher: buffered or being written")
        .register(registry));
    gauges.add(Gauge.builder("swap.write.stalled", health, WriteHealth::stalledSeconds)
        .description("Seconds the oldest waiting events have gone without a successful write (0: none waiting)")
        .baseUnit("seconds").register(registry));
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
    this.fenced = Counter.builder("swap.events.fenced")
        .description("Events of a reading term that has ended, not written: the source's new reader reads them again")
        .register(registry);
    this.dropped = Counter.builder("swap.events.dropped")
        .description("Events discarded by the drop-newest or drop-oldest overflow policy").register(registry);
  }

  /** Publishes the number of events the buffer holds. */
  void queued(EventBuffer buffer) {
    queued.set(buffer.events());
  }

  /** Publishes the stored checkpoint of each source the tracker knows. */
  void checkpoints(CheckpointTracker tracker) {
    for (String source : tracker.sources()) {
      checkpointPositions.computeIfAbsent(source, s -> {
        AtomicLong position = new AtomicLong();
        gauges.add(Gauge.builder("swap.checkpoint.position", position, AtomicLong::get)
            .description("Stored checkpoint: every source position up to it is durable; a restart resumes after it")
            .tag("source", s).register(registry));
        return position;
      }).set(tracker.persistedPosition(source));
    }
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
