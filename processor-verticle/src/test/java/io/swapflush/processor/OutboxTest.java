package io.swapflush.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.support.Backoff;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox against a stand-in flusher that refuses: order kept, a rewind never overtaken, batching per loop turn. */
@ExtendWith(VertxExtension.class)
class OutboxTest {

  private final List<TransactionEvents> accepted = new CopyOnWriteArrayList<>();
  private final List<Integer> handOffSizes = new CopyOnWriteArrayList<>();

  private static TransactionEvents block(long position) {
    return new TransactionEvents("chain", position, "{\"slot\":" + position + "}", List.of());
  }

  /** A flusher that refuses its first {@code refusals} hand-offs, then takes everything. */
  private void flusher(Vertx vertx, int refusals) {
    HandOffCodec.registerOn(vertx);
    AtomicInteger refused = new AtomicInteger();
    vertx.eventBus().<HandOff>consumer(Addresses.EVENTS, message -> {
      if (refused.getAndIncrement() < refusals) {
        message.fail(EventsProtocol.BUFFER_FULL, "full");
      } else {
        handOffSizes.add(message.body().transactions().size());
        accepted.addAll(message.body().transactions());
        message.reply(null);
      }
    });
  }

  @Test
  void aRewindIsNeitherOvertakenNorOvertakesWhenHandOffsAreRefused(Vertx vertx) {
    flusher(vertx, 3);
    TransactionEvents rewind = TransactionEvents.rewind("chain", new Rewind(new SourceCheckpoint(1, "{}"), 10, 12), 0);
    List<TransactionEvents> sent = List.of(block(1), block(2), block(3), rewind, block(2), block(3));
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> {
      Outbox outbox = new Outbox(vertx, 100, new Backoff(5, 20), () -> { }, () -> { });
      outbox.send(sent.get(0));
      outbox.send(sent.get(1));
      // the rest in later loop turns, while the first hand-off is being refused
      vertx.setTimer(1, id -> {
        outbox.send(sent.get(2));
        outbox.send(sent.get(3));
        vertx.setTimer(1, id2 -> {
          outbox.send(sent.get(4));
          outbox.send(sent.get(5));
        });
      });
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> accepted.size() == sent.size());
    assertEquals(sent, accepted);
    assertEquals(2, handOffSizes.get(0), "the first loop turn's records went together: " + handOffSizes);
  }

  @Test
  void recordsOfOneLoopTurnGoInOneHandOff(Vertx vertx) {
    flusher(vertx, 0);
    vertx.getOrCreateContext().runOnContext(v -> {
      Outbox outbox = new Outbox(vertx, 10_000, new Backoff(5, 20), () -> { }, () -> { });
      for (int i = 1; i <= 500; i++) {
        outbox.send(block(i));
      }
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> accepted.size() == 500);
    assertEquals(List.of(500), handOffSizes);
  }
}
