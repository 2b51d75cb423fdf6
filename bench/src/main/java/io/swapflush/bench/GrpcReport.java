package io.swapflush.bench;

import static io.swapflush.bench.Benchmark.fmt;
import static io.swapflush.bench.Benchmark.median;

import io.swapflush.flusher.FlusherSettings;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.source.grpc.GrpcSettings;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.pgclient.PgConnectOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The grpc rows ({@code --rows grpc}, issue #23): the source saturated, directly and through the
 * latency proxy, then paced at a mainnet rate at {@code confirmed} and at {@code processed}; a
 * warm-up of each kind first, then the four rows in turn, run k starting at row k mod 4.
 */
final class GrpcReport {

  /**
   * Mainnet's rate of swap transactions assumed for the targets: 9.25 million swap transactions on
   * the busiest day found (2023-12-25, Flipside via AMBCrypto) average 107 a second; no peak figure
   * was found, so the peak is taken as ~1 000 a second (about every non-vote transaction of
   * mainnet's ~1 100 a second), ten times that day's mean.
   */
  static final int MAINNET_SWAP_TX_PER_SECOND = 1_000;
  static final double MAINNET_DAY_MEAN_TX_PER_SECOND = 9_250_000 / 86_400.0;

  private GrpcReport() {
  }

  static String configuration(int slots, int rate, int seconds, double rttMs) {
    GrpcSettings source = GrpcSourceRun.source("http://127.0.0.1:1", "confirmed");
    return String.format("* grpc rows: the test Geyser server (GeyserServer, own event loop) streams swaps of the "
            + "mainnet fixtures (fresh signatures, protobuf, %,.0f bytes on average); saturated: %d slots of %d at "
            + "confirmed, at most %d slots ahead of the processor's count, directly and through the latency proxy "
            + "(%.1f ms round trip); paced: %d s of a slot every 400 ms of %d swaps (%,d tx/s) with "
            + "a trigger rule firing on every swap, at confirmed (a slot's transactions, meta and status sent "
            + "together) and at processed (transactions spread over the slot, meta and status at its end); "
            + "source: the defaults of its configuration (maxPendingSlots %d, watchdogMs %,d, no gap fill); "
            + "processor: ProcessorSettings.DEFAULTS (outboxSize %,d), its log at WARN; flusher: as the swapflush "
            + "rows, to the database directly; one event loop",
        new GeyserSwaps(new Random(0)).meanBytes(), slots, GrpcSourceRun.SATURATED_SLOT_TX, GrpcSourceRun.AHEAD_SLOTS,
        rttMs, seconds, rate * 2 / 5, rate,
        source.maxPendingSlots(), source.watchdogMs(), ProcessorSettings.DEFAULTS.outboxSize());
  }

  static List<GrpcRow> run(TestDatabase db, FlusherSettings flusher, int connections, int runs, int slots, int rate,
      int seconds, double rttMs) {
    Workload workload = new Workload("grpc", db, new PgConnectOptions(db.options()).setCachePreparedStatements(true),
        null);
    GeyserSwaps swaps = new GeyserSwaps(new Random(23));
    String saturated = "grpc, saturated, confirmed";
    String remote = String.format("grpc, saturated, confirmed, %.1f ms round trip", rttMs);
    String confirmed = String.format("grpc, %,d tx/s, confirmed", rate);
    String processed = String.format("grpc, %,d tx/s, processed", rate);
    System.err.println("grpc source: warm-up");
    GrpcSourceRun.saturated("warm-up", Math.max(1, slots / 5), 0, workload, flusher, connections, swaps);
    GrpcSourceRun.paced("warm-up", "processed", rate, 2, workload, flusher, connections, swaps);
    List<String> names = List.of(saturated, remote, confirmed, processed);
    List<GrpcRow> rows = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((run + i) % names.size());
        System.err.printf("run %d: %s%n", run, name);
        rows.add(name.equals(saturated) || name.equals(remote)
            ? GrpcSourceRun.saturated(name, slots, name.equals(remote) ? rttMs : 0, workload, flusher, connections,
                swaps)
            : GrpcSourceRun.paced(name, name.equals(confirmed) ? "confirmed" : "processed", rate, seconds, workload,
                flusher, connections, swaps));
      }
    }
    return rows;
  }

  static void print(List<GrpcRow> rows, int runs) {
    Map<String, List<GrpcRow>> groups = new LinkedHashMap<>();
    rows.forEach(r -> groups.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
    List<List<GrpcRow>> saturated = groups.values().stream().filter(g -> Double.isNaN(g.get(0).alertFromSend()[0]))
        .toList();
    List<List<GrpcRow>> paced = groups.values().stream().filter(g -> !Double.isNaN(g.get(0).alertFromSend()[0]))
        .toList();
    System.out.printf("%nThe grpc source: medians of %d run(s); from the server's first send to the last slot's "
        + "checkpoint committed; × mainnet: tx/s over %,d swap tx/s (the assumed peak) and over %.0f (the "
        + "busiest day's mean).%n%n", runs, MAINNET_SWAP_TX_PER_SECOND, MAINNET_DAY_MEAN_TX_PER_SECOND);
    System.out.println("| row | slots | tx/s | tx/s read | swap events/s | × peak | × day mean | read s | durable s "
        + "| not parsed | " + CPU_HEADER);
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + CPU_ALIGN);
    for (List<GrpcRow> group : saturated) {
      double tx = median(group, r -> r.transactions() / r.durableSeconds());
      System.out.printf("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s%n", group.get(0).name(),
          group.get(0).slots(), fmt(tx, 0), fmt(median(group, r -> r.transactions() / r.readSeconds()), 0),
          fmt(median(group, r -> r.swapEvents() / r.durableSeconds()), 0), fmt(tx / MAINNET_SWAP_TX_PER_SECOND, 1),
          fmt(tx / MAINNET_DAY_MEAN_TX_PER_SECOND, 0), fmt(median(group, GrpcRow::readSeconds), 2),
          fmt(median(group, GrpcRow::durableSeconds), 2), fmt(median(group, r -> r.lost()), 0), cpu(group));
    }
    if (paced.isEmpty()) {
      return;
    }
    System.out.printf("%nLatency at a mainnet rate, medians of %d run(s), ms: from the server's send of a transaction "
        + "(and from the send of its slot's block meta and status) to the processor's receiving its block (handed "
        + "on: the alert's own latencyMicros taken off), to the alert a rule firing on every swap "
        + "publishes for it, as an event-bus consumer gets it, and to inserted_at of its row (the start of the "
        + "transaction that committed it).%n%n", runs);
    System.out.println("| row | transactions | handed on p50 | handed on p99 | alert p50 | alert p99 | row p50 | row p99 | from slot end: alert p50 "
        + "| alert p99 | row p50 | row p99 | without row or alert | " + CPU_HEADER);
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + CPU_ALIGN);
    for (List<GrpcRow> group : paced) {
      System.out.printf("| %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s%n",
          group.get(0).name(), group.get(0).transactions(), ms(group, r -> r.handedOnFromSend()[0]),
          ms(group, r -> r.handedOnFromSend()[1]), ms(group, r -> r.alertFromSend()[0]), ms(group, r -> r.alertFromSend()[1]),
          ms(group, r -> r.rowFromSend()[0]), ms(group, r -> r.rowFromSend()[1]),
          ms(group, r -> r.alertFromSlotEnd()[0]), ms(group, r -> r.alertFromSlotEnd()[1]),
          ms(group, r -> r.rowFromSlotEnd()[0]), ms(group, r -> r.rowFromSlotEnd()[1]),
          fmt(median(group, r -> r.lost()), 0), cpu(group));
    }
  }

  private static final String CPU_HEADER = "CPU s | event loop CPU s | decode CPU s | test server + sender CPU s "
      + "| other processes CPU s |";
  private static final String CPU_ALIGN = "---:|---:|---:|---:|---:|";

  private static String ms(List<GrpcRow> group, ToDoubleFunction<GrpcRow> value) {
    return fmt(median(group, value), 1);
  }

  private static String cpu(List<GrpcRow> group) {
    return String.format("%s | %s | %s | %s | %s |", fmt(median(group, GrpcRow::cpuSeconds), 1),
        fmt(median(group, GrpcRow::loopCpuSeconds), 1), fmt(median(group, GrpcRow::decodeCpuSeconds), 1),
        fmt(median(group, GrpcRow::serverCpuSeconds), 1), fmt(median(group, GrpcRow::othersCpuSeconds), 1));
  }
}
