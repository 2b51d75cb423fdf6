package io.swapflush.support;

import org.slf4j.Logger;

/** Logs at most one warning per interval and says how many were held back, so bad input cannot flood the log. */
public final class RateLimitedWarnings {

  private final Logger log;
  private final long intervalNanos;
  private long nextAllowed;
  private long suppressed;

  public RateLimitedWarnings(Logger log, long intervalMs) {
    this.log = log;
    this.intervalNanos = intervalMs * 1_000_000;
  }

  public void warn(String message) {
    long now = System.nanoTime();
    if (now - nextAllowed < 0) {
      suppressed++;
      return;
    }
    if (suppressed > 0) {
      log.warn("{} ({} similar warnings suppressed)", message, suppressed);
    } else {
      log.warn(message);
    }
    suppressed = 0;
    nextAllowed = now + intervalNanos;
  }
}
