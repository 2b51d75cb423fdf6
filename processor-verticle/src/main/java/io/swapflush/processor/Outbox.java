package io.swapflush.processor;

import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOff;
import io.swapflush.event.TransactionEvents;
import io.swapflush.support.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands transactions to the flusher in delivery order and keeps every one until the flusher has
 * accepted it. One hand-off is in flight at a time; what arrives meanwhile waits and goes as the next
 * hand-off, so a hand-off carries a loop turn's records under light load and more as the load grows,
 * and nothing can overtake anything (a rewind is a barrier by construction). A refused hand-off
 * (buffer full, no flusher while it is redeployed) is sent again with backoff, before anything
 * newer. Past {@code highWater} transactions held, the source is paused; it resumes at half. Used on
 * the processor's event loop only (public for the benchmark, which measures the hand-off alone).
 */
public final class Outbox {

  /**
   * Bound one hand-off, so that a backlog after an outage goes in pieces the flusher's bound (in
   * events) can take; a transaction without events weighs one, as in the flusher.
   */
  static final int MAX_TRANSACTIONS_PER_HAND_OFF = 1024;
  static final int MAX_EVENTS_PER_HAND_OFF = 4096;
  private static final DeliveryOptions DELIVERY = new DeliveryOptions().setSendTimeout(10_000);
  private static final DeliveryOptions FINAL_DELIVERY = new DeliveryOptions(DELIVERY)
      .addHeader(EventsProtocol.FINAL_HANDOVER, "true");

  private final Vertx vertx;
  private final Context context;
  private final int highWater;
  private final Backoff backoff;
  private final Runnable pauseSource;
  private final Runnable resumeSource;
  private final ArrayDeque<TransactionEvents> waiting = new ArrayDeque<>();
  private final List<Promise<Void>> emptyWaiters = new ArrayList<>();
  /** Written on the event loop only; volatile because the metrics scrape reads it from any thread. */
  private volatile int held;
  private DeliveryOptions delivery = DELIVERY;
  private HandOff inFlight;
  private boolean sendScheduled;
  private long retryTimer = -1;
  private boolean sourcePaused;

  public Outbox(Vertx vertx, int highWater, Backoff backoff, Runnable pauseSource, Runnable resumeSource) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.highWater = highWater;
    this.backoff = backoff;
    this.pauseSource = pauseSource;
    this.resumeSource = resumeSource;
  }

  /** Queues the transaction; it leaves with the others of this loop turn once the turn is over. */
  public void send(TransactionEvents tx) {
    held++;
    waiting.addLast(tx);
    if (!sendScheduled && inFlight == null) {
      sendScheduled = true;
      context.runOnContext(v -> {
        sendScheduled = false;
        sendNext();
      });
    }
    if (!sourcePaused && held >= highWater) {
      sourcePaused = true;
      pauseSource.run();
    }
  }

  /** Transactions not yet accepted by the flusher: waiting ones plus those of the hand-off in flight. */
  public int size() {
    return held;
  }

  /** Whether the outbox holds the source paused. */
  boolean sourcePaused() {
    return sourcePaused;
  }

  /**
   * At shutdown: sends what is held at once, marked as a final handover that the flusher takes
   * whatever its bound; completes when every transaction has been accepted, or fails after the timeout.
   */
  Future<Void> handOver(long timeoutMs) {
    delivery = FINAL_DELIVERY;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
      request(inFlight);
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

  private void sendNext() {
    if (inFlight != null || waiting.isEmpty()) {
      return;
    }
    List<TransactionEvents> next = new ArrayList<>(Math.min(waiting.size(), MAX_TRANSACTIONS_PER_HAND_OFF));
    int events = 0;
    while (!waiting.isEmpty() && next.size() < MAX_TRANSACTIONS_PER_HAND_OFF
        && (next.isEmpty() || events + Math.max(1, waiting.peekFirst().size()) <= MAX_EVENTS_PER_HAND_OFF)) {
      events += Math.max(1, waiting.peekFirst().size());
      next.add(waiting.pollFirst());
    }
    inFlight = new HandOff(next);
    request(inFlight);
  }

  private void request(HandOff handOff) {
    vertx.eventBus().request(Addresses.EVENTS, handOff, delivery).onComplete(ar -> {
      if (ar.succeeded()) {
        // the flusher takes hand-offs again: the next refusal is a full buffer, not an outage
        backoff.reset();
        inFlight = null;
        try {
          accepted(handOff.transactions().size());
        } finally {
          // whatever a resumed source does, what waits is still owed a send
          sendNext();
        }
      } else if (retryTimer < 0) {
        // at shutdown a hand-off refused before it was marked final goes again at once, marked
        retryTimer = vertx.setTimer(delivery == FINAL_DELIVERY ? 1 : backoff.next(), id -> {
          retryTimer = -1;
          request(handOff);
        });
      }
    });
  }

  private void accepted(int transactions) {
    held -= transactions;
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
