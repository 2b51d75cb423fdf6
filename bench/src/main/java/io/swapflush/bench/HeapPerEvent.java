package io.swapflush.bench;

import io.swapflush.event.TransactionEvents;
import io.swapflush.parse.TransactionParser;
import io.swapflush.processor.source.SyntheticTransactions;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;

/**
 * Heap held per buffered event: events parsed from real-shape transactions (their own strings, as
 * the parser makes them), kept in a deque as the flusher keeps them; heap after minus heap before.
 */
final class HeapPerEvent {

  private HeapPerEvent() {
  }

  static double measure(int count) {
    SyntheticTransactions generator = new SyntheticTransactions(3);
    TransactionParser parser = new TransactionParser(1 << 20);
    ArrayDeque<TransactionEvents> held = new ArrayDeque<>();
    long before = usedHeap();
    int events = 0;
    while (events < count) {
      var parsed = parser.parse(parser.split(generator.next()).get(0));
      if (!parsed.events().isEmpty()) {
        held.addLast(new TransactionEvents(TransactionEvents.NO_POSITION, parsed.events()));
        events += parsed.events().size();
      }
    }
    long after = usedHeap();
    if (held.isEmpty()) {
      throw new IllegalStateException("nothing held");
    }
    return (double) (after - before) / events;
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
