package io.swapflush.support;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

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
    warn(message, Map.of());
  }

  /** A warning with fields a structured log shows on their own (a signature, a position). */
  public void warn(String message, Map<String, Object> fields) {
    long now = System.nanoTime();
    if (now - nextAllowed < 0) {
      suppressed++;
      return;
    }
    LoggingEventBuilder event = log.atWarn();
    fields.forEach(event::addKeyValue);
    if (suppressed > 0) {
      event.log("{} ({} similar warnings suppressed)", message, suppressed);
    } else {
      event.log(message);
    }
    suppressed = 0;
    nextAllowed = now + intervalNanos;
  }
}
