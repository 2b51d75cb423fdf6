package io.swapflush.alerts;

/**
 * The destination took the request and refused this message for what it is (HTTP 400, 413, 415,
 * 422): sending it again cannot help, and holding it would stop its mint's later alerts.
 */
final class RefusedMessage extends RuntimeException {

  RefusedMessage(String message) {
    super(message, null, false, false);
  }
}
