package io.swapflush.alerts;

import io.swapflush.event.AlertRetraction;
import io.swapflush.support.Backoff;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * One destination's messages, in the order they came: as many on their way at once as it allows,
 * never two of one mint (so each mint's arrive in order), within its rate. A failure pauses the
 * whole destination (a receiver that is down is not hammered once per message): capped exponential
 * backoff with jitter, or what the receiver asked for in {@code Retry-After}; then one message goes
 * alone until one is taken. A message past its destination's maximum age is given up.
 */
final class DeliveryQueue {

  /** What became of each message. */
  interface Outcomes {
    void delivered(DeliveryQueue queue, AlertMessage message, long nowMs);

    void failed(DeliveryQueue queue, AlertMessage message, String reason);

    /** Given up: too old, refused as malformed by the receiver, or withdrawn before it went. */
    void dropped(DeliveryQueue queue, AlertMessage message, String outcome, String reason);

    /** Whether a fork has withdrawn the message's alert (while it was on its way, say). */
    boolean withdrawn(AlertMessage message);
  }

  private final Vertx vertx;
  private final DestinationSettings settings;
  private final Destination destination;
  private final Outcomes outcomes;
  private final int capacity;
  private final LongSupplier clock;
  private final ArrayDeque<AlertMessage> waiting = new ArrayDeque<>();
  private final Set<String> mintsOnTheirWay = new HashSet<>();
  private final List<AlertMessage> onTheirWay = new ArrayList<>();
  private final Backoff backoff;
  private final RateLimit rate;
  private long pausedUntilMs;
  private int failuresInARow;
  private long failingSinceMs = -1;
  private String lastError;
  private long timer = -1;
  private boolean closed;

  DeliveryQueue(Vertx vertx, DestinationSettings settings, Destination destination, Outcomes outcomes, int capacity,
      LongSupplier clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.destination = destination;
    this.outcomes = outcomes;
    this.capacity = capacity;
    this.clock = clock;
    this.backoff = new Backoff(settings.delivery().retryMinMs(), settings.delivery().retryMaxMs());
    this.rate = new RateLimit(settings.delivery().perMinute());
  }

  String name() {
    return settings.name();
  }

  DestinationSettings settings() {
    return settings;
  }

  /** Takes the message unless it holds its capacity already (the message then waits in the database). */
  boolean offer(AlertMessage message) {
    if (closed || waiting.size() + onTheirWay.size() >= capacity) {
      return false;
    }
    waiting.add(message);
    pump();
    return true;
  }

  /** Withdraws the waiting alerts a fork took off the chain: they never go. */
  void withdraw(AlertRetraction retraction) {
    Iterator<AlertMessage> it = waiting.iterator();
    while (it.hasNext()) {
      AlertMessage message = it.next();
      if (message.kind() == AlertMessage.Kind.FIRED && retraction.covers(message.alert())) {
        it.remove();
        outcomes.dropped(this, message, "withdrawn", "its transaction was rewound by a fork before it went");
      }
    }
  }

  int pending() {
    return waiting.size() + onTheirWay.size();
  }

  boolean hasRoom() {
    return pending() < capacity / 2;
  }

  /** When the oldest message still to go (waiting, or on its way) fired (ms), or -1. */
  long oldestFiredAtMs() {
    return Stream.concat(waiting.stream(), onTheirWay.stream()).mapToLong(m -> m.alert().firedAtMs()).min()
        .orElse(-1);
  }

  /** Since when every attempt has failed (ms), or -1 while it takes messages. */
  long failingSinceMs() {
    return failingSinceMs;
  }

  String lastError() {
    return lastError;
  }

  private void pump() {
    if (closed) {
      return;
    }
    long now = clock.getAsLong();
    if (now < pausedUntilMs) {
      wakeAt(pausedUntilMs);
      return;
    }
    // after a failure one message probes the destination alone
    int allowed = failuresInARow > 0 ? 1 : settings.delivery().maxInFlight();
    Set<String> passed = new HashSet<>(mintsOnTheirWay);
    Iterator<AlertMessage> it = waiting.iterator();
    while (it.hasNext() && onTheirWay.size() < allowed) {
      AlertMessage message = it.next();
      if (!passed.add(message.mint())) {
        continue; // an earlier message of its mint is on its way or waiting
      }
      if (message.kind() == AlertMessage.Kind.FIRED && outcomes.withdrawn(message)) {
        it.remove();
        passed.remove(message.mint());
        outcomes.dropped(this, message, "withdrawn", "its transaction was rewound by a fork before it went");
        continue;
      }
      if (message.kind() == AlertMessage.Kind.FIRED
          && now - message.alert().firedAtMs() > settings.delivery().maxAgeMs()) {
        it.remove();
        passed.remove(message.mint());
        outcomes.dropped(this, message, "expired", "not delivered within " + settings.delivery().maxAgeMs() + " ms");
        continue;
      }
      long wait = rate.waitMs(now);
      if (wait > 0) {
        wakeAt(now + wait);
        return;
      }
      rate.take(now);
      it.remove();
      send(message);
    }
  }

  private void send(AlertMessage message) {
    onTheirWay.add(message);
    mintsOnTheirWay.add(message.mint());
    destination.send(message).onComplete(ar -> {
      onTheirWay.remove(message);
      mintsOnTheirWay.remove(message.mint());
      if (ar.succeeded()) {
        taken(message);
      } else if (ar.cause() instanceof RefusedMessage refused) {
        outcomes.dropped(this, message, "refused", refused.getMessage());
      } else {
        notTaken(message, ar.cause());
      }
      pump();
    });
  }

  private void taken(AlertMessage message) {
    failuresInARow = 0;
    failingSinceMs = -1;
    backoff.reset();
    outcomes.delivered(this, message, clock.getAsLong());
  }

  private void notTaken(AlertMessage message, Throwable cause) {
    long now = clock.getAsLong();
    waiting.addFirst(message);
    failuresInARow++;
    if (failingSinceMs < 0) {
      failingSinceMs = now;
    }
    lastError = cause.getMessage();
    long asked = cause instanceof DeliveryFailure failure ? failure.retryAfterMs() : 0;
    pausedUntilMs = Math.max(pausedUntilMs, now + Math.max(asked, backoff.next()));
    outcomes.failed(this, message, lastError);
  }

  private void wakeAt(long atMs) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = vertx.setTimer(Math.max(1, atMs - clock.getAsLong()), id -> {
      timer = -1;
      pump();
    });
  }

  /** Stops sending; what has not gone stays in the database for whoever delivers next. */
  void close() {
    closed = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    waiting.clear();
  }
}
