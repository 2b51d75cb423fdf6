package io.swapflush.bench;

import io.swapflush.testsupport.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The queries people run on swap data, each timed from this client (planning included, as psql's
 * user sees it; the median of {@value #TIMED} after one warm-up) with its plan checked for the index
 * meant to serve it. "Now" is the block time of the newest pre-filled row's next slot.
 */
final class GrowthQueries {

  static final int TIMED = 5;
  /** The mint and the trader asked about: the 10th and the 100th most traded. */
  private static final int MINT = 9;
  private static final int TRADER = 99;
  private static final Duration LONG = Duration.ofMinutes(10);
  /** A scan node of a plan and what it reads: "Index Scan Backward using swap_events_p1900_trader_block_time_idx". */
  private static final Pattern SCAN = Pattern.compile(
      "((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?) (?:using|on) "
          + "swap_events_p\\d+(\\S*)");

  /** One query timed: its rows, the median ms, what its plan reads (scan nodes counted) and whether that is the index meant. */
  record Timing(String name, String sql, String index, long rows, double medianMs, String plan, boolean intended) {
  }

  private record Query(String name, String index, Pattern intended, String sql) {
  }

  static List<Timing> run(TestDatabase db, GrowthTable.Keys keys) {
    String now = "'" + GrowthTable.LIVE_EDGE + "'::timestamptz";
    List<Query> queries = List.of(
        new Query("a mint's trades in the last hour", "swap_events_mint_time (base_mint, block_time)",
            intended("base_mint_block_time_idx"), """
            SELECT signature, block_time, trader, side, base_amount, quote_amount FROM swap_events
            WHERE base_mint = '%s' AND block_time > %s - interval '1 hour' ORDER BY block_time"""
            .formatted(keys.mints().get(MINT), now)),
        new Query("a trader's latest 100 trades", "swap_events_trader_time (trader, block_time)",
            intended("trader_block_time_idx"), """
            SELECT signature, block_time, base_mint, side, base_amount, quote_amount FROM swap_events
            WHERE trader = '%s' ORDER BY block_time DESC LIMIT 100""".formatted(keys.traders().get(TRADER))),
        new Query("volume per venue per hour, last 24 h", "swap_events_block_time BRIN (block_time)",
            intended("block_time_idx"), """
            SELECT venue, date_trunc('hour', block_time) AS hour, sum(quote_amount) AS volume FROM swap_events
            WHERE block_time > %s - interval '24 hours' AND block_time <= %s
            GROUP BY venue, hour ORDER BY hour, venue""".formatted(now, now)));
    List<Timing> timings = new ArrayList<>();
    for (Query query : queries) {
      String plan = db.query("EXPLAIN " + query.sql(), LONG).stream().map(r -> r.getString(0))
          .collect(Collectors.joining("\n"));
      long rows = db.query(query.sql(), LONG).size(); // the warm-up
      double[] ms = new double[TIMED];
      for (int i = 0; i < TIMED; i++) {
        long t0 = System.nanoTime();
        db.query(query.sql(), LONG);
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.err.printf("growth: %s: %,d rows, median %.1f ms; plan:%n%s%n", query.name(), rows, ms[TIMED / 2], plan);
      timings.add(new Timing(query.name(), query.sql(), query.index(), rows, ms[TIMED / 2], scans(plan),
          query.intended().matcher(plan).find()));
    }
    return timings;
  }

  /** A plan reading a partition's index {@code suffix} (the partitions' copies of one index of swap_events). */
  private static Pattern intended(String suffix) {
    return Pattern.compile("Index (?:Only )?Scan(?: Backward)? (?:using|on) swap_events_p\\d+_" + suffix + " ");
  }

  /** The plan's scan nodes, partitions folded: "Index Scan using …_trader_block_time_idx × 15". */
  static String scans(String plan) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Matcher scan = SCAN.matcher(plan);
    while (scan.find()) {
      counts.merge(scan.group(1) + (scan.group(2).isEmpty() ? " (heap)" : " " + scan.group(2).substring(1)), 1,
          Integer::sum);
    }
    return counts.entrySet().stream().map(e -> e.getKey() + " × " + e.getValue()).collect(Collectors.joining(", "));
  }
}
