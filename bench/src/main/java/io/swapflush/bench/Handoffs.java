package io.swapflush.bench;

import io.swapflush.event.TransactionEvents;

/** What the processing loop hands off, transaction by transaction, each made at its hand-off. */
interface Handoffs {

  int size();

  /** The {@code i}th transaction, stamped with the moment of this call. */
  TransactionEvents transaction(int i);
}
