package io.swapflush.flusher;

import java.util.concurrent.TimeUnit;

/**
 * When a batch short of {@code batchSize} may start. Group commit writes what waits as soon as a
 * connection is free; under a light load that is a commit per event or two, each costing the
 * database a fixed amount of work. Two rules bound that cost:
 *
 * <ul>
 *   <li>spacing: a short batch starts at least {@value #SPACING_PER_COMMIT} times the last short
 *       commit's duration after the previous one started (at most {@value #MAX_SPACING_MS} ms), so
 *       short commits keep a connection busy a tenth of the time at most, whatever the database's
 *       speed, and a trickle — events further apart than that — waits for nothing;
 *   <li>linger ({@code flusher.lingerMs}): the user's own trade of latency for fewer, larger commits:
 *       the oldest waiting event waits that long for company.
 * </ul>
 */
final class ShortBatchPacing {

  static final int SPACING_PER_COMMIT = 10;
  static final long MAX_SPACING_MS = 20;

  private final long lingerNanos;
  private long lastStartNanos;
  private long lastDurationNanos;
  private boolean started;

  ShortBatchPacing(long lingerMs) {
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMs);
  }

  /** How long a short batch must still wait (0: it may start now). */
  long waitNanos(long nowNanos, long oldestAcceptedNanos) {
    long lingerLeft = lingerNanos - (nowNanos - oldestAcceptedNanos);
    long spacing = Math.min(SPACING_PER_COMMIT * lastDurationNanos, TimeUnit.MILLISECONDS.toNanos(MAX_SPACING_MS));
    long spacingLeft = started ? spacing - (nowNanos - lastStartNanos) : 0;
    return Math.max(0, Math.max(lingerLeft, spacingLeft));
  }

  void started(long nowNanos) {
    lastStartNanos = nowNanos;
    started = true;
  }

  /** A short batch's commit (or failure) took this long. */
  void finished(long durationNanos) {
    lastDurationNanos = durationNanos;
  }
}
