package io.swapflush.bench;

import static io.swapflush.bench.Benchmark.fmt;
import static io.swapflush.bench.Benchmark.median;

import io.swapflush.flusher.FlusherSettings;
import java.util.List;
import java.util.stream.Collectors;

/** The growth rows as BENCHMARKS.md shows them: the writes table, then the queries table. */
final class GrowthReport {

  private static final double GB = 1e9;

  private GrowthReport() {
  }

  static String configuration(FlusherSettings flusher, int runs, int events) {
    return String.format("* growth rows: swap_events pre-filled in the database (INSERT … SELECT generate_series; "
            + "%d rows a slot, %,d a partition of a day of slots, %,d traders, %,d mints, drawn skewed), then at each "
            + "size the real FlusherVerticle (FlusherSettings.DEFAULTS, maxQueue %,d, batchSize %,d, maxInFlight %d; "
            + "2 connections; one event loop shared with the loop) writing at the slots after the pre-fill, in its "
            + "newest partition: one unmeasured pass, then %d run(s) of %,d transactions as fast as accepted and %d of "
            + "%,d tx/s for %d s, medians; rewinds: %d of the last %d slots (after one unmeasured) through "
            + "SwapEventWriter.rewind; queries: median of %d after one warm-up",
        GrowthTable.ROWS_PER_SLOT, GrowthTable.ROWS_PER_SLOT * GrowthTable.SLOTS_PER_PARTITION, GrowthTable.TRADERS,
        GrowthTable.MINTS, flusher.maxQueue(), flusher.batchSize(), flusher.maxInFlight(), runs, events, runs,
        GrowthRun.PACED_RATE, GrowthRun.PACED_SECONDS, GrowthRun.REWINDS, GrowthRun.REWOUND_SLOTS,
        GrowthQueries.TIMED);
  }

  static void print(List<GrowthRow> rows) {
    double empty = rows.get(0).eventsPerSecond();
    System.out.printf("%nTable growth: the real flusher writing into swap_events holding the rows of the first column; "
        + "events/s and PostgreSQL/other processes' CPU s: medians of the saturated runs; index: all partitions' "
        + "indexes; page cache: of those index files, by fincore, before the writes; RAM %s GB, shared_buffers %s MB.%n%n",
        fmt(rows.get(0).sizes().ramBytes() / GB, 1), fmt(rows.get(0).sizes().sharedBufferBytes() / 1e6, 0));
    System.out.println("| rows already in swap_events | events/s | % of empty | e2e p99 at 1 000 tx/s, ms "
        + "| rewind ms, median (max) | bytes per row | table + indexes GB | index GB | index / RAM "
        + "| index in page cache GB | newest partition's indexes MB | PostgreSQL CPU s | other processes CPU s |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (GrowthRow row : rows) {
      TableSizes sizes = row.sizes();
      System.out.printf("| %,d | %s | %s %% | %s | %s (%s) | %s | %s | %s | %s %% | %s | %s | %s | %s |%n", row.rows(),
          fmt(row.eventsPerSecond(), 0), fmt(100 * row.eventsPerSecond() / empty, 0), fmt(row.pacedE2eP99Millis(), 1),
          fmt(row.rewindMedianMillis(), 1), fmt(row.rewindMaxMillis(), 1), fmt(sizes.bytesPerRow(), 0),
          fmt(sizes.totalBytes() / GB, 2), fmt(sizes.indexBytes() / GB, 2),
          fmt(100.0 * sizes.indexBytes() / sizes.ramBytes(), 1),
          sizes.indexBytesInPageCache() < 0 ? "–" : fmt(sizes.indexBytesInPageCache() / GB, 2),
          fmt(sizes.writePartitionIndexBytes() / 1e6, 0),
          fmt(median(row.saturated(), GrowthRun.Write::postgresCpuSeconds), 1),
          fmt(median(row.saturated(), GrowthRun.Write::othersCpuSeconds), 1));
    }
    System.out.printf("%nQueries: ms from this client (planning included), median of %d after one warm-up; rows "
        + "returned in brackets; plan: the scan nodes at the largest size, partitions folded.%n%n", GrowthQueries.TIMED);
    System.out.println("| query | index meant | " + rows.stream().map(r -> String.format("%,d rows", r.rows()))
        .collect(Collectors.joining(" | ")) + " | plan at " + String.format("%,d", rows.get(rows.size() - 1).rows())
        + " rows | index used |");
    System.out.println("|---|---|" + "---:|".repeat(rows.size()) + "---|---|");
    for (int q = 0; q < rows.get(0).queries().size(); q++) {
      StringBuilder line = new StringBuilder("| " + rows.get(0).queries().get(q).name() + " | "
          + rows.get(0).queries().get(q).index() + " |");
      for (GrowthRow row : rows) {
        GrowthQueries.Timing timing = row.queries().get(q);
        line.append(String.format(" %s (%,d) |", fmt(timing.medianMs(), 1), timing.rows()));
      }
      GrowthQueries.Timing last = rows.get(rows.size() - 1).queries().get(q);
      line.append(" ").append(last.plan()).append(" | ").append(last.intended() ? "yes" : "no").append(" |");
      System.out.println(line);
    }
    System.out.println();
    rows.get(0).queries().forEach(q -> System.out.println("    " + q.name() + ":\n" + q.sql().indent(6)));
  }
}
