package io.swapflush.launcher;

/** An operation refused because the service is stopping; worth trying again at the next instance. */
final class StoppingException extends RuntimeException {

  StoppingException() {
    super("swapflush is stopping", null, false, false);
  }
}
