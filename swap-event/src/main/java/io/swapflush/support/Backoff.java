package io.swapflush.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with jitter, shared by both sides of the event-bus contract (the
 * processor's outbox retries, the flusher's write retries). Not thread-safe: one per event loop.
 */
public final class Backoff {

  private final long minMs;
  private final long maxMs;
  private long nextMs;

  public Backoff(long minMs, long maxMs) {
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.nextMs = minMs;
  }

  /** The delay before the next attempt: the current step plus up to 20% jitter; then doubles the step. */
  public long next() {
    long delay = nextMs + ThreadLocalRandom.current().nextLong(nextMs / 5 + 1);
    nextMs = Math.min(maxMs, nextMs * 2);
    return Math.min(delay, maxMs);
  }

  public void reset() {
    nextMs = minMs;
  }
}
