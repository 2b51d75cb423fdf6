package io.swapflush.flusher;

import io.swapflush.event.TransactionEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The flusher's bounded FIFO of transactions, bounded by the number of events it holds (a message
 * without events, which only moves a checkpoint, counts as one, so those are bounded too). A batch
 * taken for writing keeps counting against the bound until it is {@link #release released}, so a
 * failed batch always fits back at the head. Used on the flusher's event loop only: no locking.
 */
final class EventBuffer {

  private final ArrayDeque<Held> waiting = new ArrayDeque<>();
  private final int capacity;
  private final LongSupplier nanoTime;
  private int held;
  private int heldEvents;
  private int waitingWeight;

  EventBuffer(int capacity) {
    this(capacity, System::nanoTime);
  }

  /** {@code nanoTime} stamps when each transaction was accepted: the clock its batches are paced by. */
  EventBuffer(int capacity, LongSupplier nanoTime) {
    this.capacity = capacity;
    this.nanoTime = nanoTime;
  }

  /**
   * Appends the transaction if all its events fit; otherwise leaves the buffer unchanged. An empty
   * buffer takes any transaction, so one larger than the whole buffer is not refused forever.
   */
  boolean offer(TransactionEvents tx) {
    if (!fits(weight(tx))) {
      return false;
    }
    force(tx);
    return true;
  }

  /** Whether transactions of this weight fit (an empty buffer takes anything); see {@link #weight}. */
  boolean fits(int weight) {
    return held == 0 || held + weight <= capacity;
  }

  /** Appends the transaction whatever the bound: for events already acknowledged elsewhere. */
  void force(TransactionEvents tx) {
    waiting.addLast(new Held(tx, nanoTime.getAsLong()));
    held += weight(tx);
    heldEvents += tx.size();
    waitingWeight += weight(tx);
  }

  /** What a transaction counts against the bound: its events, or one for a message without any. */
  static int weight(TransactionEvents tx) {
    return Math.max(1, tx.size());
  }

  /** Removes the oldest waiting transactions until {@code events} more would fit; returns them. A rewind is never evicted. */
  List<TransactionEvents> evictFor(int events) {
    List<TransactionEvents> evicted = new ArrayList<>();
    while (!waiting.isEmpty() && held + events > capacity && !waiting.peekFirst().tx().isRewind()) {
      TransactionEvents tx = waiting.pollFirst().tx();
      held -= weight(tx);
      heldEvents -= tx.size();
      waitingWeight -= weight(tx);
      evicted.add(tx);
    }
    return evicted;
  }

  /** The waiting transactions, oldest first (not those taken for writing). */
  List<TransactionEvents> waiting() {
    return waiting.stream().map(Held::tx).toList();
  }

  /** When the oldest waiting transaction was accepted (nanoTime); only when not {@link #isEmpty}. */
  long oldestAcceptedNanos() {
    return waiting.peekFirst().acceptedNanos();
  }

  /**
   * Removes whole transactions from the head while their events fit in {@code maxEvents}; always at
   * least one transaction, so a transaction larger than a batch still gets written. A rewind goes
   * alone: a batch ends before it.
   */
  Batch takeBatch(int maxEvents) {
    List<Held> taken = new ArrayList<>();
    int weight = 0;
    while (!waiting.isEmpty()) {
      TransactionEvents next = waiting.peekFirst().tx();
      if (!taken.isEmpty() && (weight + weight(next) > maxEvents || next.isRewind() || taken.get(0).tx().isRewind())) {
        break;
      }
      taken.add(waiting.pollFirst());
      weight += weight(next);
    }
    waitingWeight -= weight;
    long[] acceptedNanos = new long[taken.size()];
    for (int i = 0; i < acceptedNanos.length; i++) {
      acceptedNanos[i] = taken.get(i).acceptedNanos();
    }
    return new Batch(taken.stream().map(Held::tx).toList(), acceptedNanos, weight);
  }

  /** A taken batch is durable: its events stop counting against the bound. */
  void release(List<TransactionEvents> batch) {
    for (TransactionEvents tx : batch) {
      held -= weight(tx);
      heldEvents -= tx.size();
    }
  }

  /** Puts a taken batch that could not be written back at the head, in its original order. */
  void returnToFront(Batch batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      waiting.addFirst(new Held(batch.get(i), batch.acceptedNanos(i)));
      waitingWeight += weight(batch.get(i));
    }
  }

  /** Room taken: events waiting or taken and not yet released, a message without events counting as one. */
  int weight() {
    return held;
  }

  /** Swap events held: waiting plus taken and not yet released. */
  int events() {
    return heldEvents;
  }

  /** Events waiting to be taken (a message without events counts as one). */
  int waitingEvents() {
    return waitingWeight;
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  /** Drops the waiting messages of {@code source} read in a term before {@code term}; returns their events. */
  int dropOlder(String source, long term) {
    int events = 0;
    for (var it = waiting.iterator(); it.hasNext(); ) {
      TransactionEvents tx = it.next().tx();
      if (source.equals(tx.source()) && tx.epoch() < term) {
        it.remove();
        held -= weight(tx);
        heldEvents -= tx.size();
        waitingWeight -= weight(tx);
        events += tx.size();
      }
    }
    return events;
  }

  /** Whether a taken batch is a rewind (which is always taken alone). */
  static boolean isRewind(List<TransactionEvents> batch) {
    return batch.size() == 1 && batch.get(0).isRewind();
  }

  /** Whether the next to be taken is a rewind, which waits for every write before it. */
  boolean rewindAtHead() {
    return !waiting.isEmpty() && waiting.peekFirst().tx().isRewind();
  }

  private record Held(TransactionEvents tx, long acceptedNanos) {
  }
}
