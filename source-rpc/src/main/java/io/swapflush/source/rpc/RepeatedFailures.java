package io.swapflush.source.rpc;

import java.util.TreeMap;

/**
 * Counts failures at each place of the chain (a slot): a provider that gives the same unusable
 * answer there again and again is not retried in a hot loop but reported, and then asked only now
 * and then.
 */
final class RepeatedFailures {

  private final int limit;
  private final TreeMap<Long, Integer> failures = new TreeMap<>();

  RepeatedFailures(int limit) {
    this.limit = limit;
  }

  /** Records a failure at {@code slot}; true once it has failed there {@code limit} times without the source getting past it. */
  boolean failedAt(long slot) {
    return failures.merge(slot, 1, Integer::sum) >= limit;
  }

  /** The source got past {@code slot}: failures there and before no longer count. */
  void passed(long slot) {
    failures.headMap(slot, true).clear();
  }
}
