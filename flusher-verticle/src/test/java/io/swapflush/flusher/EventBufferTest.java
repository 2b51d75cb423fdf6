package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBufferTest {

  private final EventBuffer buffer = new EventBuffer(10);

  private static List<Long> positions(List<TransactionEvents> batch) {
    return batch.stream().map(TransactionEvents::position).toList();
  }

  @Test
  void batchesComeOutInArrivalOrderWithoutSplittingATransaction() {
    assertTrue(buffer.offer(tx(1, 2)));
    assertTrue(buffer.offer(tx(2, 3)));
    assertTrue(buffer.offer(tx(3, 2)));
    assertEquals(7, buffer.events());

    assertEquals(List.of(1L), positions(buffer.takeBatch(4)), "tx 2 would split: it waits for the next batch");
    assertEquals(List.of(2L, 3L), positions(buffer.takeBatch(5)));
    assertTrue(buffer.isEmpty());
  }

  @Test
  void refusesWhatDoesNotFitAndKeepsWhatItHas() {
    assertTrue(buffer.offer(tx(1, 8)));
    assertFalse(buffer.offer(tx(2, 3)));
    assertTrue(buffer.offer(tx(3, 2)));
    assertFalse(buffer.offer(tx(4, 1)));
    assertEquals(10, buffer.events());
    assertEquals(List.of(1L, 3L), positions(buffer.takeBatch(100)));
  }

  @Test
  void aTransactionLargerThanABatchStillGoesOut() {
    assertTrue(buffer.offer(tx(1, 6)));
    assertEquals(List.of(1L), positions(buffer.takeBatch(2)));
  }

  @Test
  void aBatchInFlightCountsUntilReleased() {
    buffer.offer(tx(1, 5));
    buffer.offer(tx(2, 5));
    Batch batch = buffer.takeBatch(5);
    assertFalse(buffer.offer(tx(3, 1)), "the batch being written still holds its room");
    buffer.release(batch);
    assertEquals(5, buffer.events());
    assertTrue(buffer.offer(tx(3, 1)));
  }

  @Test
  void aFailedBatchGoesBackToTheHeadInOrder() {
    buffer.offer(tx(1, 1));
    buffer.offer(tx(2, 1));
    buffer.offer(tx(3, 1));
    Batch batch = buffer.takeBatch(2);
    buffer.offer(tx(4, 1));
    buffer.returnToFront(batch);
    assertEquals(4, buffer.events());
    assertEquals(List.of(1L, 2L, 3L, 4L), positions(buffer.takeBatch(100)));
  }

  @Test
  void messagesWithoutEventsTakeRoomButAreNotCountedAsEvents() {
    buffer.offer(tx(1, 0));
    buffer.offer(tx(2, 0));
    buffer.offer(tx(3, 2));
    assertEquals(2, buffer.events(), "event-less lines only move a checkpoint");
    assertEquals(4, buffer.weight());
  }

  @Test
  void aRewindIsTakenAloneAndNeverEvicted() {
    TransactionEvents rewind = TransactionEvents.rewind("s", new Rewind(new SourceCheckpoint(1, null), 10, 20), 0);
    buffer.offer(tx(1, 1));
    buffer.force(rewind);
    buffer.offer(tx(2, 1));
    assertEquals(List.of(1L), positions(buffer.takeBatch(100)), "a batch ends before a rewind");
    assertTrue(buffer.rewindAtHead());
    assertEquals(List.of(), buffer.evictFor(100), "a rewind is never evicted");
    assertEquals(List.of(rewind), buffer.takeBatch(100), "a rewind goes alone");
    assertEquals(List.of(2L), positions(buffer.takeBatch(100)));
  }
}
