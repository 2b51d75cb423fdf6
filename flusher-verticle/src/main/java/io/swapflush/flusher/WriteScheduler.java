package io.swapflush.flusher;

import io.swapflush.support.Backoff;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Decides when the flusher's writes start (group commit): whatever may go goes as soon as fewer than
 * {@code maxInFlight} writes are in flight. A full batch always may. A batch short of
 * {@code batchSize} may when no other short one is in flight — a heavy load fills the other
 * connections with full batches — and when its {@link ShortBatchPacing pacing} allows. None while a
 * retry waits out its backoff, before {@link #start} or after {@link #stop}. A rewind starts once every
 * write before it is done, and nothing starts while it runs. When idle, a periodic tick writes the
 * trailing checkpoints. Runs on one thread; its clock and timers are given, so tests drive them by
 * hand.
 */
final class WriteScheduler {

  /** Carries out the writes the scheduler starts. */
  interface Writes {
    /**
     * Writes the batch taken from the buffer (an empty batch: only the trailing checkpoints). The batch
     * is among the in-flight writes the scheduler reads from this call until the write ends; then
     * {@code ended} is called with whether it succeeded.
     */
    void write(Batch batch, Consumer<Boolean> ended);
  }

  /** One-shot timers on the thread the scheduler runs on. */
  interface Timers {
    Scheduled schedule(long delayMs, Runnable task);
  }

  interface Scheduled {
    void cancel();
  }

  private final int batchSize;
  private final int maxInFlight;
  private final long tickMs;
  private final EventBuffer buffer;
  private final Collection<Batch> inFlight;
  private final CheckpointTracker checkpoints;
  private final ShortBatchPacing pacing;
  private final Backoff backoff;
  private final LongSupplier nanoTime;
  private final Timers timers;
  private final Writes writes;
  private boolean running;
  private Scheduled nextTick;
  private Scheduled pacingWait;
  private Scheduled retryWait;

  /**
   * @param inFlight the writes in flight, kept by {@code writes}
   * @param backoff shared with whoever else retries against the same database
   * @param nanoTime the clock the buffer stamps accepted events with
   */
  WriteScheduler(FlusherSettings settings, EventBuffer buffer, Collection<Batch> inFlight,
      CheckpointTracker checkpoints, Backoff backoff, LongSupplier nanoTime, Timers timers, Writes writes) {
    this.batchSize = settings.batchSize();
    this.maxInFlight = settings.maxInFlight();
    this.tickMs = settings.flushIntervalMs();
    this.pacing = new ShortBatchPacing(settings.lingerMs());
    this.buffer = buffer;
    this.inFlight = inFlight;
    this.checkpoints = checkpoints;
    this.backoff = backoff;
    this.nanoTime = nanoTime;
    this.timers = timers;
    this.writes = writes;
  }

  /** The database is reached: writes may start, and the idle tick begins. */
  void start() {
    running = true;
    nextTick = timers.schedule(tickMs, this::tick);
    fill();
  }

  /** The final drain takes over: nothing starts here any more. */
  void stop() {
    running = false;
    Stream.of(nextTick, pacingWait, retryWait).filter(Objects::nonNull).forEach(Scheduled::cancel);
  }

  /** Starts every write that may start now; called whenever the buffer gains something. */
  void fill() {
    while (running && retryWait == null && inFlight.size() < maxInFlight && !buffer.isEmpty()) {
      if (!inFlight.isEmpty() && (buffer.rewindAtHead() || inFlight.stream().anyMatch(EventBuffer::isRewind))) {
        break;
      }
      boolean full = buffer.waitingEvents() >= batchSize || buffer.rewindAtHead();
      if (!full && (shortBatchInFlight() || paced())) {
        break;
      }
      start(buffer.takeBatch(batchSize));
    }
  }

  /** The safety net: whatever may go goes; when idle, a trailing checkpoint goes. */
  private void tick() {
    nextTick = timers.schedule(tickMs, this::tick);
    fill();
    if (running && retryWait == null && inFlight.isEmpty() && buffer.isEmpty() && !checkpoints.trailing().isEmpty()) {
      start(Batch.EMPTY);
    }
  }

  private boolean shortBatchInFlight() {
    return inFlight.stream().anyMatch(batch -> batch.weight() < batchSize);
  }

  /** Whether a short batch must wait; if so, a timer ends its wait. */
  private boolean paced() {
    long waitNanos = pacing.waitNanos(nanoTime.getAsLong(), buffer.oldestAcceptedNanos());
    if (waitNanos == 0) {
      return false;
    }
    if (pacingWait == null) {
      long delayMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999));
      pacingWait = timers.schedule(delayMs, () -> {
        pacingWait = null;
        fill();
      });
    }
    return true;
  }

  private void start(Batch batch) {
    long startedNanos = nanoTime.getAsLong();
    boolean paced = batch.weight() < batchSize;
    if (paced) {
      pacing.started(startedNanos);
    }
    writes.write(batch, succeeded -> {
      if (paced) {
        pacing.finished(nanoTime.getAsLong() - startedNanos);
      }
      ended(succeeded);
    });
  }

  private void ended(boolean succeeded) {
    if (succeeded) {
      backoff.reset();
    }
    if (!running) {
      return;
    }
    if (succeeded) {
      fill();
    } else if (retryWait == null) {
      retryWait = timers.schedule(backoff.next(), () -> {
        retryWait = null;
        fill();
      });
    }
  }
}
