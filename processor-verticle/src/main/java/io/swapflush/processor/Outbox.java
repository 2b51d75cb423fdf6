package io.swapflush.processor;

import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.support.Backoff;
import io.swapflush.event.TransactionEvents;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands messages to the flusher and keeps every one until the flusher has accepted it. A refused
 * message (buffer full, no flusher while it is redeployed) waits here and is re-sent with backoff,
 * oldest first. Past {@code highWater} messages held, the source is paused; it resumes at half.
 * Used on the processor's event loop only.
 */
final class Outbox {

  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(10_000);
  private static final DeliveryOptions FINAL_DELIVERY = new DeliveryOptions(DELIVERY)
      .addHeader(EventsProtocol.FINAL_HANDOVER, "true");

  private final Vertx vertx;
  private final int highWater;
  private final Backoff backoff;
  private final Runnable pauseSource;
  private final Runnable resumeSource;
  private final ArrayDeque<TransactionEvents> refused = new ArrayDeque<>();
  private final List<Promise<Void>> emptyWaiters = new ArrayList<>();
  /** Written on the event loop only; volatile because the metrics scrape reads it from any thread. */
  private volatile int held;
  private DeliveryOptions delivery = DELIVERY;
  private boolean retrying;
  private long retryTimer = -1;
  private boolean sourcePaused;

  Outbox(Vertx vertx, int highWater, Backoff backoff, Runnable pauseSource, Runnable resumeSource) {
    this.vertx = vertx;
    this.highWater = highWater;
    this.backoff = backoff;
    this.pauseSource = pauseSource;
    this.resumeSource = resumeSource;
  }

  void send(TransactionEvents tx) {
    held++;
    if (retrying) {
      refused.addLast(tx);
    } else {
      request(tx);
    }
    if (!sourcePaused && held >= highWater) {
      sourcePaused = true;
      pauseSource.run();
    }
  }

  /** Messages not yet accepted by the flusher: refused ones plus those awaiting a reply. */
  int size() {
    return held;
  }

  /** Whether the outbox holds the source paused. */
  boolean sourcePaused() {
    return sourcePaused;
  }

  /**
   * At shutdown: sends what is held at once, marked as a final handover that the flusher takes
   * whatever its bound; completes when every message has been accepted, or fails after the timeout.
   */
  Future<Void> handOver(long timeoutMs) {
    delivery = FINAL_DELIVERY;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryHead();
    }
    return whenEmpty(timeoutMs);
  }

  private Future<Void> whenEmpty(long timeoutMs) {
    if (held == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    emptyWaiters.add(promise);
    long timer = vertx.setTimer(timeoutMs, id -> promise.tryFail(
        held + " transactions not accepted by the flusher within " + timeoutMs + " ms"));
    return promise.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private void request(TransactionEvents tx) {
    vertx.eventBus().request(Addresses.EVENTS, tx, delivery).onComplete(ar -> {
      if (ar.succeeded()) {
        accepted();
      } else {
        // order among replies that fail together is not kept; every one of them is kept
        refused.addFirst(tx);
        if (!retrying) {
          retrying = true;
          retryLater();
        }
      }
    });
  }

  private void retryLater() {
    retryTimer = vertx.setTimer(backoff.next(), id -> retryHead());
  }

  /** Re-sends refused messages one at a time, in order, until none is left or one is refused again. */
  private void retryHead() {
    retryTimer = -1;
    TransactionEvents tx = refused.pollFirst();
    if (tx == null) {
      retrying = false;
      return;
    }
    vertx.eventBus().request(Addresses.EVENTS, tx, delivery).onComplete(ar -> {
      if (ar.succeeded()) {
        // the flusher takes messages again: the next refusal is a full buffer, not an outage
        backoff.reset();
        try {
          accepted();
        } finally {
          // whatever a resumed source does, the messages behind this one are still owed a send
          retryHead();
        }
      } else {
        refused.addFirst(tx);
        retryLater();
      }
    });
  }

  private void accepted() {
    held--;
    if (sourcePaused && held <= highWater / 2) {
      sourcePaused = false;
      resumeSource.run();
    }
    if (held == 0) {
      emptyWaiters.forEach(Promise::tryComplete);
      emptyWaiters.clear();
    }
  }
}
