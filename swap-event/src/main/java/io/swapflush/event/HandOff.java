package io.swapflush.event;

import java.util.List;

/**
 * The event-bus message from the processor to the flusher: the transactions of every record the
 * processor took in one turn of its event loop, in delivery order. The flusher takes a hand-off
 * whole or refuses it whole, so one request/reply carries as many records as the load brings.
 */
public record HandOff(List<TransactionEvents> transactions) {

  public HandOff {
    transactions = List.copyOf(transactions);
  }

  public static HandOff of(TransactionEvents... transactions) {
    return new HandOff(List.of(transactions));
  }

  /** The events of all its transactions. */
  public int events() {
    int events = 0;
    for (TransactionEvents tx : transactions) {
      events += tx.size();
    }
    return events;
  }

  public boolean hasRewind() {
    for (TransactionEvents tx : transactions) {
      if (tx.isRewind()) {
        return true;
      }
    }
    return false;
  }
}
