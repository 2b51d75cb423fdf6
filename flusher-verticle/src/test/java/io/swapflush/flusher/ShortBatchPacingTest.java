package io.swapflush.flusher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShortBatchPacingTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void theFirstShortBatchGoesAtOnce() {
    assertEquals(0, new ShortBatchPacing(0).waitNanos(1000 * MS, 1000 * MS));
  }

  @Test
  void shortBatchesAreSpacedByTenTimesTheLastCommit() {
    ShortBatchPacing pacing = new ShortBatchPacing(0);
    pacing.started(1000 * MS);
    pacing.finished(MS / 2);
    assertEquals(4 * MS, pacing.waitNanos(1001 * MS, 1001 * MS), "5 ms after the last start");
    assertEquals(0, pacing.waitNanos(1005 * MS, 1001 * MS));
  }

  @Test
  void aSlowDatabaseIsSpacedAtMostTwentyMilliseconds() {
    ShortBatchPacing pacing = new ShortBatchPacing(0);
    pacing.started(1000 * MS);
    pacing.finished(50 * MS);
    assertEquals(20 * MS, pacing.waitNanos(1000 * MS, 1000 * MS));
  }

  @Test
  void aTrickleWaitsForNothing() {
    ShortBatchPacing pacing = new ShortBatchPacing(0);
    pacing.started(1000 * MS);
    pacing.finished(MS);
    assertEquals(0, pacing.waitNanos(1020 * MS, 1020 * MS), "the next event came 20 ms later");
  }

  @Test
  void theOldestEventLingersForCompany() {
    ShortBatchPacing pacing = new ShortBatchPacing(5);
    assertEquals(3 * MS, pacing.waitNanos(1002 * MS, 1000 * MS));
    assertEquals(0, pacing.waitNanos(1005 * MS, 1000 * MS));
  }
}
