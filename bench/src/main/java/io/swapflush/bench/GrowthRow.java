package io.swapflush.bench;

import java.util.List;

/**
 * One size of the growth table: rows already in {@code swap_events} before the writes, its sizes,
 * the flusher's writes as fast as accepted and paced, the rewinds' ms (sorted), the queries.
 */
record GrowthRow(long rows, TableSizes sizes, List<GrowthRun.Write> saturated, List<GrowthRun.Write> paced,
                 double[] rewindMillis, List<GrowthQueries.Timing> queries) {

  double eventsPerSecond() {
    return Benchmark.median(saturated, GrowthRun.Write::eventsPerSecond);
  }

  double pacedE2eP99Millis() {
    return Benchmark.median(paced, GrowthRun.Write::e2eP99Millis);
  }

  double rewindMedianMillis() {
    return rewindMillis[rewindMillis.length / 2];
  }

  double rewindMaxMillis() {
    return rewindMillis[rewindMillis.length - 1];
  }
}
