package io.swapflush.flusher;

import io.swapflush.event.TransactionEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The current reading term of each source read by one instance among several (its fencing epoch):
 * messages of an older term are stale, and a batch's writes carry its terms so that the database
 * refuses them once another instance reads the source in a newer one. Event loop only.
 */
final class ReadingTerms {

  private final Map<String, Long> current = new HashMap<>();

  void begin(String source, long term) {
    current.merge(source, term, Math::max);
  }

  boolean isStale(TransactionEvents tx) {
    return tx.source() != null && tx.epoch() < current.getOrDefault(tx.source(), 0L);
  }

  /** The batch's messages of their source's current term. */
  List<TransactionEvents> current(List<TransactionEvents> batch) {
    return batch.stream().filter(tx -> !isStale(tx)).toList();
  }

  /** The terms a batch was read in, by source: the database refuses the batch if one is older than its own. */
  Map<String, Long> of(List<TransactionEvents> batch) {
    Map<String, Long> terms = new HashMap<>();
    for (TransactionEvents tx : batch) {
      if (tx.source() != null && tx.epoch() > 0) {
        terms.merge(tx.source(), tx.epoch(), Math::max);
      }
    }
    return terms;
  }
}
