package io.swapflush.alerts;

/** A destination did not take a message; it may have said when to try again. */
public final class DeliveryFailure extends RuntimeException {

  private final long retryAfterMs;

  /** {@code retryAfterMs}: what the destination asked for, or 0. */
  public DeliveryFailure(String message, long retryAfterMs) {
    super(message, null, false, false);
    this.retryAfterMs = retryAfterMs;
  }

  public long retryAfterMs() {
    return retryAfterMs;
  }
}
