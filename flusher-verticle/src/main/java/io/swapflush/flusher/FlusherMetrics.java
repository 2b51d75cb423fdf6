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
import java.util.concurrent.TimeUnit;
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
  /** nanoTime the oldest uncommitted event was accepted at; 0 when none waits */
  private final AtomicLong oldestAcceptedNanos = new AtomicLong();
  private final Map<String, AtomicLong> checkpointPositions = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new ArrayList<>();
  final Counter flushes;
  final Timer flushDuration;
  private final Timer commitLatency;
  final Counter eventsWritten;
  final Counter retries;
  final Counter rejected;
  final Counter dropped;
  final Counter fenced;
  final Counter corruptSpillFiles;

  FlusherMetrics(MeterRegistry registry, WriteHealth health, int maxQueue) {
    this.registry = registry;
    gauges.add(Gauge.builder("swap.queue.size", queued, AtomicInteger::get)
        .description("Swap events held by the flusher: buffered or being written")
        .register(registry));
    gauges.add(Gauge.builder("swap.queue.capacity", () -> maxQueue)
        .description("Swap events the flusher holds at most (flusher.maxQueue)")
        .register(registry));
    gauges.add(Gauge.builder("swap.write.stalled", health, WriteHealth::stalledSeconds)
        .description("Seconds the oldest waiting events have gone without a successful write (0: none waiting)")
        .baseUnit("seconds").register(registry));
    gauges.add(Gauge.builder("swap.queue.oldest.age", oldestAcceptedNanos, FlusherMetrics::ageSeconds)
        .description("Seconds the oldest event not yet committed has been held by the flusher (0: none)")
        .baseUnit("seconds").register(registry));
    this.flushes = Counter.builder("swap.flush.count").description("Batches committed").register(registry);
    this.commitLatency = latency("swap.event.commit.latency",
        "Time from the flusher accepting an event to its commit, per event");
    this.flushDuration = latency("swap.flush.duration", "Time from sending a batch to its commit");
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
    this.corruptSpillFiles = Counter.builder("swap.spill.files.corrupt")
        .description("Spill files that could not be read at start, set aside as *.corrupt: their events not loaded")
        .register(registry);
  }

  /** Publishes the number of events the buffer holds and when the oldest not committed was accepted (0: none). */
  void queued(EventBuffer buffer, long oldestAcceptedNanos) {
    queued.set(buffer.events());
    this.oldestAcceptedNanos.set(oldestAcceptedNanos);
  }

  /** Each event of a committed batch: how long it waited from its acceptance. */
  void committed(Batch batch, long nowNanos) {
    for (int i = 0; i < batch.size(); i++) {
      long latency = nowNanos - batch.acceptedNanos(i);
      for (int e = 0; e < batch.get(i).size(); e++) {
        commitLatency.record(latency, TimeUnit.NANOSECONDS);
      }
    }
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
  }

  private static double ageSeconds(AtomicLong acceptedNanos) {
    long accepted = acceptedNanos.get();
    return accepted == 0 ? 0 : (System.nanoTime() - accepted) / 1e9;
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
