package io.swapflush.flusher;

/**
 * The flusher's part of the configuration, already validated.
 *
 * @param maxQueue events the buffer holds at most (buffered or being written)
 * @param batchSize events written by one flush (a transaction's events are never split)
 * @param maxInFlight batches written at once, each on its own connection
 * @param flushIntervalMs the safety-net flush: what waits is written as soon as a connection is free
 *     anyway (group commit); the timer also carries a checkpoint that moved without events
 * @param lingerMs how long events may wait for more to join them before a batch short of
 *     {@code batchSize} is written (0: at once), as Kafka producers name it
 * @param drainTimeoutMs how long the final drain at undeploy keeps trying before it spills
 * @param retryMinMs first retry delay after a failed flush; doubles up to {@code retryMaxMs}
 * @param retryMaxMs the cap of the retry delay
 * @param overflow what to do with a message that does not fit
 * @param spillDir where events that could not be written at shutdown are kept until the next start
 */
public record FlusherSettings(int maxQueue, int batchSize, int maxInFlight, long flushIntervalMs, long lingerMs,
                              long drainTimeoutMs, long retryMinMs, long retryMaxMs, OverflowPolicy overflow,
                              String spillDir) {

  /** What the benchmark shows best here (BENCHMARKS.md): group commit, batches up to 10 000 events, two at once. */
  public static final FlusherSettings DEFAULTS =
      new FlusherSettings(40_000, 10_000, 2, 1000, 0, 30_000, 100, 5_000, OverflowPolicy.BACKPRESSURE, "data/spill");

  public FlusherSettings {
    if (maxQueue < 1 || batchSize < 1 || maxInFlight < 1 || flushIntervalMs < 1 || lingerMs < 0 || drainTimeoutMs < 0
        || retryMinMs < 1 || retryMaxMs < retryMinMs || overflow == null || spillDir == null) {
      throw new IllegalArgumentException("invalid flusher settings: " + maxQueue + ", " + batchSize + ", "
          + maxInFlight + ", " + flushIntervalMs + ", " + lingerMs + ", " + drainTimeoutMs + ", " + retryMinMs + ", "
          + retryMaxMs + ", " + overflow + ", " + spillDir);
    }
  }

  public FlusherSettings withSpillDir(String dir) {
    return new FlusherSettings(maxQueue, batchSize, maxInFlight, flushIntervalMs, lingerMs, drainTimeoutMs, retryMinMs,
        retryMaxMs, overflow, dir);
  }
}
