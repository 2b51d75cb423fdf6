package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.support.Backoff;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The scheduler against a clock moved by hand and timers fired by hand; writes end when a test says. */
class WriteSchedulerTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long T0 = 5_000 * MS;
  private static final int BATCH = 10;
  private static final long TICK_MS = 1_000;

  private long now = T0;
  private final List<Timer> timers = new ArrayList<>();
  private final EventBuffer buffer = new EventBuffer(1_000, () -> now);
  private final CheckpointTracker checkpoints = new CheckpointTracker();
  private final List<Batch> inFlight = new ArrayList<>();
  private final List<Write> started = new ArrayList<>();
  private WriteScheduler scheduler = scheduler(0);

  private WriteScheduler scheduler(long lingerMs) {
    FlusherSettings settings = new FlusherSettings(1_000, BATCH, 2, TICK_MS, lingerMs, 0, 100, 5_000,
        OverflowPolicy.BACKPRESSURE, "unused");
    return new WriteScheduler(settings, buffer, inFlight, checkpoints, new Backoff(100, 5_000), () -> now,
        this::schedule, (batch, ended) -> {
          inFlight.add(batch);
          started.add(new Write(batch, now, ended));
        });
  }

  /** A write the scheduler started; it ends as the flusher's do, the batch released or back at the head. */
  private final class Write {
    final Batch batch;
    final long atMs;
    final Consumer<Boolean> ended;

    Write(Batch batch, long atNanos, Consumer<Boolean> ended) {
      this.batch = batch;
      this.atMs = (atNanos - T0) / MS;
      this.ended = ended;
    }

    List<Long> positions() {
      return batch.stream().map(TransactionEvents::position).toList();
    }

    void succeed() {
      buffer.release(batch);
      end(true);
    }

    void fail() {
      buffer.returnToFront(batch);
      end(false);
    }

    private void end(boolean succeeded) {
      assertTrue(inFlight.removeIf(b -> b == batch), "ended twice");
      ended.accept(succeeded);
    }
  }

  private static final class Timer {
    final long dueNanos;
    final Runnable task;

    Timer(long dueNanos, Runnable task) {
      this.dueNanos = dueNanos;
      this.task = task;
    }
  }

  private WriteScheduler.Scheduled schedule(long delayMs, Runnable task) {
    Timer timer = new Timer(now + delayMs * MS, task);
    timers.add(timer);
    return () -> timers.remove(timer);
  }

  /** Moves the clock on, firing the timers that fall due on the way, in order. */
  private void advance(long ms) {
    long until = now + ms * MS;
    while (true) {
      Timer next = timers.stream().filter(t -> t.dueNanos <= until).min(Comparator.comparingLong(t -> t.dueNanos))
          .orElse(null);
      if (next == null) {
        break;
      }
      timers.remove(next);
      now = next.dueNanos;
      next.task.run();
    }
    now = until;
  }

  /** Moves the clock on a millisecond at a time until a write starts; returns how long that took. */
  private long msUntilAWriteStarts() {
    int before = started.size();
    for (long ms = 1; ms <= 10_000; ms++) {
      advance(1);
      if (started.size() > before) {
        return ms;
      }
    }
    throw new AssertionError("no write started in 10 s");
  }

  /** As the flusher takes a message: into the buffer, then whatever may go goes. */
  private void accept(TransactionEvents tx) {
    assertTrue(buffer.offer(tx));
    scheduler.fill();
  }

  private Write last() {
    return started.get(started.size() - 1);
  }

  private List<List<Long>> startedPositions() {
    return started.stream().map(Write::positions).toList();
  }

  private static void assertWithin(long min, long max, long actual, String what) {
    assertTrue(actual >= min && actual <= max, what + ": " + actual + " ms, expected " + min + "–" + max);
  }

  @Test
  void nothingStartsBeforeTheDatabaseIsReached() {
    accept(tx(1, BATCH));
    advance(5_000);
    assertEquals(List.of(), startedPositions());

    scheduler.start();
    assertEquals(List.of(List.of(1L)), startedPositions());
  }

  @Test
  void aFullBatchGoesAtOnceWhateverThePacing() {
    scheduler = scheduler(50);
    scheduler.start();
    accept(tx(1, 6));
    assertEquals(List.of(), startedPositions(), "a short batch lingers 50 ms");

    accept(tx(2, 4));
    assertEquals(List.of(List.of(1L, 2L)), startedPositions());
    assertEquals(0, started.get(0).atMs);
  }

  @Test
  void aShortBatchWaitsForItsSpacingAndGoesWhenTheTimerFires() {
    scheduler.start();
    accept(tx(1, 1));
    assertEquals(0, last().atMs, "the first short batch waits for nothing");
    advance(2);
    last().succeed();

    // its commit took 2 ms: the next short batch starts 10 × 2 ms after it started
    accept(tx(2, 1));
    advance(17);
    assertEquals(1, started.size(), "at 19 ms");
    advance(1);
    assertEquals(List.of(List.of(1L), List.of(2L)), startedPositions());
    assertEquals(20, last().atMs);
  }

  @Test
  void aShortBatchLingersForCompany() {
    scheduler = scheduler(5);
    scheduler.start();
    accept(tx(1, 1));
    advance(3);
    accept(tx(2, 1));
    advance(1);
    assertEquals(List.of(), startedPositions(), "at 4 ms");

    advance(1);
    assertEquals(List.of(List.of(1L, 2L)), startedPositions());
    assertEquals(5, last().atMs);
  }

  @Test
  void aSecondShortBatchWaitsForTheFirstToEnd() {
    scheduler.start();
    accept(tx(1, 1));
    advance(100);
    accept(tx(2, 1));
    advance(100);
    assertEquals(List.of(List.of(1L)), startedPositions(), "a connection is free, but a short batch is in flight");

    started.get(0).succeed();
    assertEquals(List.of(List.of(1L), List.of(2L)), startedPositions());
    assertEquals(200, last().atMs);
  }

  @Test
  void aFullBatchGoesBesideAShortOne() {
    scheduler.start();
    accept(tx(1, 1));
    accept(tx(2, 4));
    accept(tx(3, 6));
    assertEquals(List.of(List.of(1L), List.of(2L, 3L)), startedPositions());
  }

  @Test
  void noMoreThanMaxInFlightWritesAtOnce() {
    scheduler.start();
    for (int n = 1; n <= 4; n++) {
      accept(tx(n, BATCH));
    }
    assertEquals(List.of(List.of(1L), List.of(2L)), startedPositions());

    started.get(1).succeed();
    assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)), startedPositions());
    assertEquals(2, inFlight.size());
  }

  @Test
  void afterAFailedWriteNothingStartsUntilItsBackoffEnds() {
    scheduler.start();
    accept(tx(1, BATCH));
    last().fail();
    accept(tx(2, BATCH));
    assertEquals(1, started.size(), "not even a full batch starts while the retry waits");

    assertWithin(100, 120, msUntilAWriteStarts(), "the first retry");
    assertEquals(List.of(List.of(1L), List.of(1L), List.of(2L)), startedPositions(), "the failed batch first");
  }

  @Test
  void theBackoffGrowsWithEachFailureAndResetsOnSuccess() {
    scheduler.start();
    accept(tx(1, BATCH));
    last().fail();
    assertWithin(100, 120, msUntilAWriteStarts(), "after one failure");
    last().fail();
    assertWithin(200, 240, msUntilAWriteStarts(), "after two");
    last().succeed();

    accept(tx(2, BATCH));
    last().fail();
    assertWithin(100, 120, msUntilAWriteStarts(), "after a success and a failure");
  }

  @Test
  void aRewindWaitsForEveryWriteBeforeItAndNothingStartsWhileItRuns() {
    TransactionEvents rewind = TransactionEvents.rewind("solana", new Rewind(SourceCheckpoint.START, 1000, 1010), 0);
    scheduler.start();
    accept(tx(1, BATCH));
    accept(tx(2, BATCH));
    accept(rewind);
    started.get(0).succeed();
    assertEquals(2, started.size(), "write 2 is still in flight");

    started.get(1).succeed();
    assertEquals(List.of(rewind), last().batch);
    accept(tx(3, BATCH));
    assertEquals(3, started.size(), "nothing starts beside the rewind, though a connection is free");

    last().succeed();
    assertEquals(List.of(3L), last().positions());
  }

  @Test
  void theIdleTickWritesTrailingCheckpointsOnceNothingIsInFlight() {
    scheduler.start();
    advance(TICK_MS);
    assertEquals(List.of(), startedPositions(), "no checkpoint trails");

    checkpoints.done(List.of(new TransactionEvents("file", 1, List.of())));
    accept(tx(2, BATCH));
    advance(TICK_MS);
    assertEquals(List.of(List.of(2L)), startedPositions(), "a write is in flight");

    started.get(0).succeed();
    advance(TICK_MS);
    assertEquals(2, started.size());
    assertTrue(last().batch.isEmpty(), "only the trailing checkpoint");
    assertEquals(3 * TICK_MS, last().atMs);
  }

  @Test
  void theIdleTickWritesNoTrailingCheckpointWhileEventsWait() {
    scheduler = scheduler(5 * TICK_MS);
    scheduler.start();
    checkpoints.done(List.of(new TransactionEvents("file", 1, List.of())));
    accept(tx(2, 1));
    advance(TICK_MS);
    assertEquals(List.of(), startedPositions(), "the short batch lingers; the checkpoint waits for it");
  }

  @Test
  void afterStopNothingStarts() {
    scheduler.start();
    for (int n = 1; n <= 3; n++) {
      accept(tx(n, BATCH));
    }
    scheduler.stop();
    assertEquals(0, timers.size(), "its timers are cancelled");

    started.get(0).succeed();
    started.get(1).fail();
    assertEquals(0, timers.size(), "no retry waits: the final drain has taken over");
    accept(tx(4, BATCH));
    advance(10 * TICK_MS);
    assertEquals(List.of(List.of(1L), List.of(2L)), startedPositions());
  }
}
