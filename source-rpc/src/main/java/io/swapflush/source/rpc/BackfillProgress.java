package io.swapflush.source.rpc;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far a backfill ({@code startSlot}..{@code endSlot}, hours of work for a day of history) has
 * come: the share of its slots durable, the rate over the last minute, the time to go — as gauges
 * (the status page shows them) and in the log every 5 s. Told what is durable about once a second,
 * on the source's context; read by scrapes on any thread.
 */
final class BackfillProgress {

  private static final Logger log = LoggerFactory.getLogger(BackfillProgress.class);
  private static final long RATE_WINDOW_NANOS = 60_000_000_000L;
  private static final long LOG_EVERY_NANOS = 5_000_000_000L;

  private final MeterRegistry registry;
  private final String source;
  private final long fromSlot;
  private final long throughSlot;
  private final List<Gauge> gauges;
  /** (nanos, durable slot) samples of the last minute. */
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();
  private long nextLog = System.nanoTime();
  private volatile double done;
  private volatile double slotsPerSecond = Double.NaN;

  /** {@code readFrom}: the slot this run reads first (after the checkpoint), where its rate starts. */
  BackfillProgress(MeterRegistry registry, String source, long fromSlot, long throughSlot, long readFrom) {
    samples.addLast(new long[] {System.nanoTime(), readFrom - 1});
    this.registry = registry;
    this.source = source;
    this.fromSlot = fromSlot;
    this.throughSlot = throughSlot;
    this.gauges = List.of(
        Gauge.builder("swap.source.backfill.done", this, p -> p.done).tag("source", source)
            .description("Share of the backfill's slots whose blocks are durable, 0 to 1").register(registry),
        Gauge.builder("swap.source.backfill.rate", this, p -> p.slotsPerSecond).tag("source", source)
            .description("Slots made durable per second over the last minute").register(registry),
        Gauge.builder("swap.source.backfill.eta", this, BackfillProgress::secondsToGo).baseUnit("seconds")
            .tag("source", source).description("Time until the backfill's last slot is durable at the current rate; "
                + "NaN while nothing moves").register(registry));
  }

  /** The slot of the last block whose events are all durable, now. */
  void durable(long slot) {
    long now = System.nanoTime();
    samples.addLast(new long[] {now, slot});
    while (samples.size() > 1 && now - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
      samples.removeFirst();
    }
    long[] first = samples.peekFirst();
    double seconds = (now - first[0]) / 1e9;
    slotsPerSecond = seconds < 1 ? Double.NaN : (slot - first[1]) / seconds;
    done = Math.min(1, Math.max(0, (slot - fromSlot + 1) / (double) (throughSlot - fromSlot + 1)));
    if (now - nextLog >= 0) {
      nextLog = now + LOG_EVERY_NANOS;
      log.info("Backfill {}: slot {} of {}..{} durable, {} % done, {}", source, slot, fromSlot, throughSlot,
          String.format("%.1f", done * 100), toGo());
    }
  }

  private String toGo() {
    double rate = slotsPerSecond;
    double eta = secondsToGo();
    if (Double.isNaN(eta)) {
      return "no progress measured in the last minute: time to go unknown";
    }
    return String.format("%.1f slots/s, about %s to go", rate, eta < 60 ? Math.round(eta) + " s"
        : eta < 3600 ? Math.round(eta / 60) + " min" : String.format("%.1f h", eta / 3600));
  }

  private double secondsToGo() {
    double rate = slotsPerSecond;
    if (done >= 1) {
      return 0;
    }
    return Double.isNaN(rate) || rate <= 0 ? Double.NaN : (1 - done) * (throughSlot - fromSlot + 1) / rate;
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
