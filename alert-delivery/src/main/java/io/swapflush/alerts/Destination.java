package io.swapflush.alerts;

import io.vertx.core.Future;

/** Where alerts go: one attempt to hand over one message; retries, order and rate are the queue's. */
public interface Destination {

  /** Succeeds once the destination has the message (a 2xx, a broker's ack). */
  Future<Void> send(AlertMessage message);

  Future<Void> close();
}
