package io.swapflush.testsupport;

import io.swapflush.event.Addresses;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The flusher's side of the event bus for a source's tests: takes every hand-off, durable at once,
 * and answers checkpoint queries with the last block taken (before any: what it was told was stored).
 */
public final class StandInFlusher {

  private final List<TransactionEvents> received = new CopyOnWriteArrayList<>();
  private final Queue<Message<HandOff>> held = new ArrayDeque<>();
  private volatile SourceCheckpoint stored = SourceCheckpoint.START;
  private boolean holding;

  /** Listens on {@code vertx}'s event bus. */
  public StandInFlusher(Vertx vertx) {
    HandOffCodec.registerOn(vertx);
    vertx.eventBus().<HandOff>consumer(Addresses.EVENTS, this::take);
    vertx.eventBus().<String>consumer(Addresses.CHECKPOINTS, query -> query.reply(durable().toJson()));
  }

  /**
   * While holding, hand-offs are taken but not answered, as a flusher that cannot write: the
   * processor's outbox fills and the source is paused. Released, the held ones are answered.
   */
  public synchronized void holdReplies(boolean hold) {
    holding = hold;
    while (!hold && !held.isEmpty()) {
      held.poll().reply(null);
    }
  }

  private synchronized void take(Message<HandOff> message) {
    received.addAll(message.body().transactions());
    if (holding) {
      held.add(message);
    } else {
      message.reply(null);
    }
  }

  /** Every message taken, rewinds included, in order. */
  public List<TransactionEvents> received() {
    return received;
  }

  /** What to answer before any block is taken (a checkpoint a previous run left). */
  public void stored(SourceCheckpoint checkpoint) {
    stored = checkpoint;
  }

  /** Where the last message taken left the source (a rewind: where it went back to), else what was stored. */
  public SourceCheckpoint durable() {
    if (received.isEmpty()) {
      return stored;
    }
    TransactionEvents last = received.get(received.size() - 1);
    return last.isRewind() ? last.rewind().to() : new SourceCheckpoint(last.position(), last.cursor());
  }
}
