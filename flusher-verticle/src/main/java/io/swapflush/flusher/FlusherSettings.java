package io.swapflush.flusher;

/**
 * The flusher's part of the configuration, already validated.
 *
 * @param maxQueue events the buffer holds at most; a message that would not fit is refused
 * @param batchSize events written by one flush (a transaction's events are never split)
 * @param flushIntervalMs the periodic flush; a full batch is written without waiting for it
 * @param drainTimeoutMs how long the final drain at undeploy keeps trying
 * @param retryMinMs first retry delay after a failed flush; doubles up to {@code retryMaxMs}
 * @param retryMaxMs the cap of the retry delay
 */
public record FlusherSettings(
    int maxQueue, int batchSize, long flushIntervalMs, long drainTimeoutMs, long retryMinMs, long retryMaxMs) {

  public static final FlusherSettings DEFAULTS = new FlusherSettings(10_000, 500, 1000, 30_000, 100, 5_000);

  public FlusherSettings {
    if (maxQueue < 1 || batchSize < 1 || flushIntervalMs < 1 || drainTimeoutMs < 0 || retryMinMs < 1
        || retryMaxMs < retryMinMs) {
      throw new IllegalArgumentException("invalid flusher settings: " + maxQueue + ", " + batchSize + ", "
          + flushIntervalMs + ", " + drainTimeoutMs + ", " + retryMinMs + ", " + retryMaxMs);
    }
  }
}
