package io.swapflush.event;

/**
 * Failure codes of a refused request on {@link Addresses#EVENTS}. A refusal is not a loss: the
 * sender keeps the message and tries again later.
 */
public final class Refusals {

  /** The flusher's buffer has no room for the message's events. */
  public static final int BUFFER_FULL = 503;

  private Refusals() {
  }
}
