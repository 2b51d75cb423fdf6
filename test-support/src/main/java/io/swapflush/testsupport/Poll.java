package io.swapflush.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** Waits, off the event loop, for a value the system under test reaches asynchronously. */
public final class Poll {

  private Poll() {
  }

  /** Polls until {@code value} returns {@code expected}; returns the last value seen when time runs out. */
  public static long until(long expected, Duration timeout, LongSupplier value) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long last = value.getAsLong();
    while (last != expected && System.nanoTime() < deadline) {
      sleep(50);
      last = value.getAsLong();
    }
    return last;
  }

  /** Polls until {@code condition} holds; false when time runs out first. */
  public static boolean untilTrue(Duration timeout, BooleanSupplier condition) {
    return until(1, timeout, () -> condition.getAsBoolean() ? 1 : 0) == 1;
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
