package io.swapflush.flusher;

import io.swapflush.event.TransactionEvents;
import java.util.AbstractList;
import java.util.List;

/**
 * Transactions taken from the buffer for one write, with when the flusher accepted each (nanoTime)
 * and their weight in the buffer's bound (events; a message without events counts as one).
 */
final class Batch extends AbstractList<TransactionEvents> {

  static final Batch EMPTY = new Batch(List.of(), new long[0], 0);

  private final List<TransactionEvents> transactions;
  private final long[] acceptedNanos;
  private final int weight;

  Batch(List<TransactionEvents> transactions, long[] acceptedNanos, int weight) {
    this.transactions = transactions;
    this.acceptedNanos = acceptedNanos;
    this.weight = weight;
  }

  int weight() {
    return weight;
  }

  @Override
  public TransactionEvents get(int index) {
    return transactions.get(index);
  }

  @Override
  public int size() {
    return transactions.size();
  }

  long acceptedNanos(int index) {
    return acceptedNanos[index];
  }
}
