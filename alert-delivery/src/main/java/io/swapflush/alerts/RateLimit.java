package io.swapflush.alerts;

/**
 * A token bucket of {@code perMinute} tokens refilled evenly over the minute (0: no limit): chat
 * services drop what goes faster than their per-group limit.
 */
final class RateLimit {

  private final int perMinute;
  private double tokens;
  private long refilledAtMs = -1;

  RateLimit(int perMinute) {
    this.perMinute = perMinute;
    this.tokens = perMinute;
  }

  /** How long until a message may go (0: now). */
  long waitMs(long nowMs) {
    if (perMinute == 0) {
      return 0;
    }
    refill(nowMs);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * 60_000.0 / perMinute);
  }

  void take(long nowMs) {
    if (perMinute > 0) {
      refill(nowMs);
      tokens -= 1;
    }
  }

  private void refill(long nowMs) {
    if (refilledAtMs >= 0) {
      tokens = Math.min(perMinute, tokens + (nowMs - refilledAtMs) * perMinute / 60_000.0);
    }
    refilledAtMs = nowMs;
  }
}
