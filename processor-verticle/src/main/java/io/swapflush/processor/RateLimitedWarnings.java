package io.swapflush.processor;

import org.slf4j.Logger;

/** Logs at most one warning per interval and says how many were held back, so bad input cannot flood the log. */
final class RateLimitedWarnings {

  private final Logger log;
  private final long intervalNanos;
  private long nextAllowed;
  private long suppressed;

  RateLimitedWarnings(Logger log, long intervalMs) {
    this.log = log;
    this.intervalNanos = intervalMs * 1_000_000;
  }

  void warn(String message) {
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
