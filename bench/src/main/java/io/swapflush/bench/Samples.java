package io.swapflush.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, recorded without allocation on the hot path. */
final class Samples {

  private long[] values;
  private int size;

  Samples(int capacity) {
    values = new long[Math.max(16, capacity)];
  }

  void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  double percentile(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(size - 1, Math.floor(p / 100.0 * size))];
  }
}
