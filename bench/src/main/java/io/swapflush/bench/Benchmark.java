package io.swapflush.bench;

import io.swapflush.flusher.FlusherSettings;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.source.rpc.RpcSettings;
import io.swapflush.source.SourceSettings;
import io.swapflush.testsupport.RealSizeBlocks;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;

/**
 * Side by side, in one run, against the same PostgreSQL: the per-event synchronous insert, the
 * original plan and swapflush (and write-strategy variants), with the psql \copy limit; then the
 * processor alone; then the rpc source reading real-size blocks from a test JSON-RPC server, through
 * the latency proxy and directly; then the grpc source following a test Geyser stream, saturated and
 * at a mainnet rate (alert and row latency); then several instances of the packaged jar as processes (Kafka
 * scaling, takeover after a SIGKILL; the status page's cost). Prints the configuration it ran with, then a table of medians over
 * the runs ({@code --rows} picks the groups of rows). The writes rows run after one unmeasured pass of them all, run k
 * starting at row k mod n, so that no row is always measured first.
 *
 * <pre>java -jar bench/target/swapflush-bench.jar [--rows processor,writes,rpc,grpc,fleet,status,growth] [--runs 3]
 *     [--events 100000] [--db loopback,remote|none] [--rtt-ms 5] [--direct-seconds 5] [--processor-lines 50000]
 *     [--rpc-blocks 200] [--rpc-concurrency 4] [--grpc-slots 100] [--grpc-rate 1000] [--grpc-seconds 10]
 *     [--kafka-documents 90000] [--sizes 0,10M,50M] [--growth-db name]</pre>
 * {@code --help} prints the options; an unknown one is refused (exit code 2).
 */
public final class Benchmark {

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
      if (options.help()) {
        System.out.print(BenchOptions.usage());
        return;
      }
      run(options);
    } catch (BenchOptions.Refused refused) {
      System.err.println("swapflush-bench: " + refused.getMessage());
      System.err.println("Run with --help for the options.");
      System.exit(2);
    }
  }

  private static void run(BenchOptions options) throws Exception {
    Set<String> groups = Set.of(options.get("rows", DEFAULT_GROUPS).split(","));
    if (!ROW_GROUPS.containsAll(groups)) {
      throw new BenchOptions.Refused("--rows takes some of " + ROW_GROUPS + ", got " + groups);
    }
    int runs = options.getInt("runs", 3);
    int count = options.getInt("events", groups.contains("writes") ? 100_000 : GROWTH_EVENTS);
    double rttMs = options.getDouble("rtt-ms", 5);
    long directMillis = (long) (options.getDouble("direct-seconds", 5) * 1000);
    int processorLines = options.getInt("processor-lines", 50000);
    int rpcBlocks = options.getInt("rpc-blocks", 200);
    int rpcConcurrency = options.getInt("rpc-concurrency", RpcSourceRun.DEFAULT_CONCURRENCY);
    int kafkaDocuments = options.getInt("kafka-documents", 90000);
    int grpcSlots = options.getInt("grpc-slots", 100);
    int grpcRate = options.getInt("grpc-rate", GrpcReport.MAINNET_SWAP_TX_PER_SECOND);
    int grpcSeconds = options.getInt("grpc-seconds", 10);
    if (groups.contains("grpc")) {
      // the grpc rows' rule fires on every swap, and the processor logs every alert at INFO
      System.setProperty("org.slf4j.simpleLogger.log." + ProcessorVerticle.class.getName(), "warn");
    }
    List<Long> sizes = options.getSizes("sizes", "0,10M,50M");
    List<String> databases = Arrays.stream(options.get("db", "loopback,remote").split(","))
        .filter(db -> groups.contains("writes") && !db.equals("none")).toList();

    double heap = databases.isEmpty() ? Double.NaN : HeapPerEvent.measure(100_000);
    List<Row> rows = new ArrayList<>();
    if (groups.contains("processor")) {
      // first, on an idle database server: one pass to warm the JIT up, then the measured ones
      System.err.println("processor alone: warm-up");
      ProcessorOnly.run(processorLines);
      for (int run = 1; run <= runs; run++) {
        System.err.printf("run %d: processor alone%n", run);
        rows.add(ProcessorOnly.run(processorLines));
      }
    }
    List<RpcRow> rpcRows = new ArrayList<>();
    List<GrpcRow> grpcRows = new ArrayList<>();
    Path spill = Files.createTempDirectory("swapflush-bench-spill");
    FlusherSettings swapflush = FlusherSettings.DEFAULTS.withSpillDir(spill.toString());
    List<String> configuration;
    try (TestDatabase db = TestDatabase.create()) {
      configuration = new ArrayList<>(configuration(swapflush, db, runs, count, databases, rttMs, directMillis,
          groups.contains("processor") ? processorLines : 0));
      if (groups.contains("rpc")) {
        configuration.add(rpcConfiguration(rpcBlocks, rpcConcurrency, rttMs));
      }
      if (groups.contains("grpc")) {
        configuration.add(GrpcReport.configuration(grpcSlots, grpcRate, grpcSeconds, rttMs));
      }
      if (groups.contains("fleet")) {
        configuration.add(Fleet.configuration(kafkaDocuments));
      }
      if (groups.contains("status")) {
        configuration.add(StatusPageCost.configuration());
      }
      if (groups.contains("growth")) {
        configuration.add(GrowthReport.configuration(swapflush, runs, count));
      }
      configuration.forEach(System.err::println);
      // run 0 is the warm-up: one unmeasured pass of every row; run k then starts at row k mod n
      for (int run = 0; run <= runs; run++) {
        for (String name : databases) {
          try (LatencyProxy proxy = new LatencyProxy(db.options().getPort(), rttMs / 2)) {
            // as the service connects: prepared statements cached, so a statement is one round trip
            PgConnectOptions target = new PgConnectOptions(db.options()).setCachePreparedStatements(true);
            if (name.equals("remote")) {
              target.setHost("127.0.0.1").setPort(proxy.port());
            }
            boolean remote = name.equals("remote");
            Workload workload = new Workload(remote ? "remote " + rttMs + " ms" : "loopback", db, target,
                remote ? proxy : null);
            List<WriteRow> writeRows = writeRows(workload, new HandoffEvents(count, run), swapflush, remote,
                directMillis, heap, run);
            Row[] measured = new Row[writeRows.size()];
            for (int i = 0; i < measured.length; i++) {
              int at = (run + i) % measured.length;
              System.err.printf("%s: %s %s%n", run == 0 ? "warm-up" : "run " + run, workload.name(),
                  writeRows.get(at).name().strip());
              measured[at] = writeRows.get(at).measure().call();
            }
            if (run > 0) {
              rows.addAll(Arrays.asList(measured)); // in table order, whatever the order measured
            }
          }
        }
      }
      if (groups.contains("rpc")) {
        rpcRows.addAll(rpcRows(db, swapflush, runs, rpcBlocks, rpcConcurrency, rttMs));
      }
      if (groups.contains("grpc")) {
        grpcRows.addAll(GrpcReport.run(db, swapflush, SWAPFLUSH_CONNECTIONS, runs, grpcSlots, grpcRate, grpcSeconds,
            rttMs));
      }
    }
    // instances of the packaged jar as processes, each row with a database of its own
    List<String> fleet = groups.contains("fleet") ? Fleet.run(runs, kafkaDocuments) : List.of();
    List<String> status = groups.contains("status") ? StatusPageCost.run(runs) : List.of();
    List<GrowthRow> growth = groups.contains("growth")
        ? growthRows(options.get("growth-db", null), swapflush, runs, count, sizes) : List.of();
    System.out.println();
    configuration.forEach(System.out::println);
    if (!rows.isEmpty()) {
      print(rows, runs, count, rttMs);
    }
    if (!rpcRows.isEmpty()) {
      printRpc(rpcRows, runs, rttMs);
    }
    if (!grpcRows.isEmpty()) {
      GrpcReport.print(grpcRows, runs);
    }
    fleet.forEach(System.out::println);
    status.forEach(System.out::println);
    if (!growth.isEmpty()) {
      GrowthReport.print(growth);
    }
  }

  /** The growth rows on a database of their own: {@code keptDatabase}, reused and kept, or a fresh one dropped after. */
  private static List<GrowthRow> growthRows(String keptDatabase, FlusherSettings flusher, int runs, int events,
      List<Long> sizes) {
    try (TestDatabase db = keptDatabase == null ? TestDatabase.create() : TestDatabase.kept(keptDatabase)) {
      return new GrowthRun(db, flusher, runs, events).measure(sizes);
    }
  }

  /** The groups of rows {@code --rows} picks from. */
  private static final List<String> ROW_GROUPS = List.of("processor", "writes", "rpc", "grpc", "fleet", "status",
      "growth");
  /** Transactions of a growth row's saturated write, unless {@code --events} says. */
  private static final int GROWTH_EVENTS = 200_000;
  /** Without {@code --rows}: all but the fleet and status rows, which start processes of the packaged jar. */
  private static final String DEFAULT_GROUPS = "processor,writes,rpc";

  /**
   * The rpc source through the latency proxy and directly, against one chain made once; a warm-up
   * backfill of a fifth of it first, then the two rows in turn, the first of a run alternating.
   */
  private static List<RpcRow> rpcRows(TestDatabase db, FlusherSettings flusher, int runs, int blocks,
      int concurrency, double rttMs) throws IOException {
    System.err.printf("rpc source: making %d real-size blocks%n", blocks);
    List<RpcRow> rows = new ArrayList<>();
    try (ServedChain chain = ServedChain.of(blocks);
        LatencyProxy proxy = new LatencyProxy(chain.server().port(), rttMs / 2)) {
      Workload workload = new Workload("rpc", db, new PgConnectOptions(db.options()).setCachePreparedStatements(true),
          null);
      String remote = String.format("rpc, %.1f ms round trip", rttMs);
      String loopback = "rpc, loopback";
      Map<String, String> urls = Map.of(remote, "http://127.0.0.1:" + proxy.port(), loopback, chain.server().url());
      System.err.println("rpc source: warm-up");
      RpcSourceRun.run("warm-up", chain, chain.server().url(), chain.firstSlot() + Math.max(1, blocks / 5) - 1,
          concurrency, workload, flusher, SWAPFLUSH_CONNECTIONS);
      for (int run = 1; run <= runs; run++) {
        List<String> order = run % 2 == 1 ? List.of(remote, loopback) : List.of(loopback, remote);
        for (String name : order) {
          System.err.printf("run %d: %s%n", run, name);
          rows.add(RpcSourceRun.run(name, chain, urls.get(name), chain.lastSlot(), concurrency, workload, flusher,
              SWAPFLUSH_CONNECTIONS));
        }
      }
    }
    return rows;
  }

  private static String rpcConfiguration(int blocks, int concurrency, double rttMs) {
    RpcSettings source = RpcSourceRun.source("http://127.0.0.1", 0, 0, concurrency);
    return String.format("* rpc rows: a backfill of %d blocks of %,d transactions each (%.0f %% votes, swaps of the "
            + "mainnet fixtures; about 7.5 MB of JSON), no slot skipped, from the test JSON-RPC server "
            + "(SolanaRpcServer) through the latency proxy (%.1f ms round trip) and directly; source: commitment %s, "
            + "concurrency %d, maxRequestsPerSecond %s, requestTimeoutMs %,d (its defaults, concurrency aside); "
            + "processor: "
            + "ProcessorSettings.DEFAULTS (outboxSize %,d); flusher: as the swapflush rows, to the database "
            + "directly; one event loop",
        blocks, RealSizeBlocks.TRANSACTIONS, RealSizeBlocks.VOTE_SHARE * 100, rttMs, source.commitment(),
        source.concurrency(), source.maxRequestsPerSecond() == 0 ? "none" : source.maxRequestsPerSecond(),
        source.requestTimeoutMs(), ProcessorSettings.DEFAULTS.outboxSize());
  }

  /**
   * What this run measured with, printed above its tables: a table is only comparable with its
   * settings. {@code processorLines} 0: the processor rows are not run.
   */
  private static List<String> configuration(FlusherSettings swapflush, TestDatabase db, int runs, int count,
      List<String> databases, double rttMs, long directMillis, int processorLines) {
    ProcessorSettings processor = ProcessorSettings.DEFAULTS;
    Runtime runtime = Runtime.getRuntime();
    PgConnectOptions target = db.options();
    return List.of(
        "Configuration of this run:",
        String.format("* swapflush rows: FlusherSettings.DEFAULTS: group commit, maxQueue %,d, batchSize %,d, "
                + "maxInFlight %d, lingerMs %,d, flushIntervalMs %,d (drainTimeoutMs %,d, overflow %s); %d connections",
            swapflush.maxQueue(), swapflush.batchSize(), swapflush.maxInFlight(), swapflush.lingerMs(),
            swapflush.flushIntervalMs(), swapflush.drainTimeoutMs(), swapflush.overflow().label(),
            SWAPFLUSH_CONNECTIONS),
        "* flusher batch N × k rows: the same with batchSize N, maxInFlight k, maxQueue the larger of the "
            + "default and 4 × N",
        String.format("* workload: %d run(s), medians; %,d transactions of one swap event each per row; "
                + "databases: %s; direct for up to %d s; processor alone: %s",
            runs, count, databases.isEmpty() ? "none" : String.join(", ", databases).replace("remote",
                String.format("remote (%.1f ms round trip through a delaying proxy)", rttMs)),
            directMillis / 1000, processorLines == 0 ? "not run" : String.format("%,d lines, outboxSize %,d, one "
                + "event loop", processorLines, processor.outboxSize())),
        String.format("* database: PostgreSQL %s at %s:%d, database %s (shared_buffers %s, synchronous_commit %s)",
            setting(db, "server_version"), target.getHost(), target.getPort(), target.getDatabase(),
            setting(db, "shared_buffers"), setting(db, "synchronous_commit")),
        String.format("* JVM: %s %s (%s), %d cores available, max heap %,d MiB; %s %s %s",
            System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
            System.getProperty("java.vm.vendor"), runtime.availableProcessors(), runtime.maxMemory() >> 20,
            System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch")));
  }

  private static String setting(TestDatabase db, String name) {
    return db.query("SHOW " + name).get(0).getString(0);
  }

  /** {strategy, batch size, connections}: the write paths tried on their own. */
  private static final int[][] STRATEGIES = {{0, 500, 1}, {0, 5000, 1}, {0, 5000, 2}, {0, 10_000, 2},
      {1, 500, 1}, {1, 5000, 1}, {1, 5000, 2}};

  /** The pool of the swapflush rows: {@code pg.poolSize} of conf/config.json. */
  private static final int SWAPFLUSH_CONNECTIONS = 2;

  /** How long a paced row hands off for. */
  private static final int PACED_SECONDS = 8;
  /** The fewest events a paced row hands off, so that its p99 is not its maximum: 50 tx/s runs 10 s. */
  private static final int PACED_MIN_EVENTS = 500;

  /**
   * swapflush with its default config first (as fast as it accepts, then paced below that, each on
   * one event loop shared with the flusher as in the service, and on an event loop of its own),
   * then the write strategies tried.
   */
  private static List<Variant> variants(FlusherSettings d, boolean remote) {
    List<Variant> variants = new ArrayList<>();
    for (int rate : new int[] {0, 50, 1000, 10_000}) {
      String name = rate == 0 ? "swapflush" : String.format("swapflush at %,d tx/s", rate);
      variants.add(new Variant(name, d, SWAPFLUSH_CONNECTIONS, new SwapflushRun.Load(1, rate, false)));
      variants.add(new Variant("  " + name + ", loop on its own thread", d, SWAPFLUSH_CONNECTIONS,
          new SwapflushRun.Load(2, rate, false)));
    }
    if (remote) {
      variants.add(new Variant(String.format("swapflush at 1,000 tx/s, database stalled %d–%d s",
          SwapflushRun.STALL_FROM_MS / 1000, SwapflushRun.STALL_UNTIL_MS / 1000), d, SWAPFLUSH_CONNECTIONS,
          new SwapflushRun.Load(1, 1000, true)));
    }
    for (int[] flusher : FLUSHERS) {
      int batchSize = flusher[0];
      int inFlight = flusher[1];
      variants.add(new Variant(String.format("  flusher batch %d × %d in flight", batchSize, inFlight),
          new FlusherSettings(Math.max(d.maxQueue(), 4 * batchSize), batchSize, inFlight, d.flushIntervalMs(),
              d.lingerMs(), d.drainTimeoutMs(), d.retryMinMs(), d.retryMaxMs(), d.overflow(), d.spillDir()), inFlight,
          new SwapflushRun.Load(1, 0, false)));
    }
    return variants;
  }

  /** {batch size, batches in flight}: the flusher settings tried besides the defaults. */
  private static final int[][] FLUSHERS = {{500, 1}, {500, 2}, {2000, 2}, {5000, 1}, {5000, 2}, {20_000, 2}};

  private record Variant(String name, FlusherSettings settings, int connections, SwapflushRun.Load load) {
  }

  /** A row of the writes group, to be measured in the order of its run. */
  private record WriteRow(String name, Callable<Row> measure) {
  }

  /**
   * The writes rows in their table order: direct, the original plan, the swapflush variants, the
   * write strategies alone, the copy limit.
   */
  private static List<WriteRow> writeRows(Workload workload, HandoffEvents events, FlusherSettings swapflush,
      boolean remote, long directMillis, double heap, int run) {
    List<WriteRow> rows = new ArrayList<>();
    rows.add(new WriteRow("direct", () -> DirectInserts.run(workload, events, directMillis)));
    rows.add(new WriteRow("original-plan", () -> OriginalPlan.run(workload, events)));
    for (Variant variant : variants(swapflush, remote)) {
      int rate = variant.load().ratePerSecond();
      rows.add(new WriteRow(variant.name(), () -> SwapflushRun.run(workload, variant.name(),
          rate == 0 ? events : new HandoffEvents(Math.max(rate * PACED_SECONDS, PACED_MIN_EVENTS), run),
          variant.settings(), variant.connections(), heap, variant.load())));
    }
    for (int[] strategy : STRATEGIES) {
      WriteStrategies.Strategy kind = WriteStrategies.Strategy.values()[strategy[0]];
      rows.add(new WriteRow(kind + " " + strategy[1] + " x " + strategy[2],
          () -> WriteStrategies.run(workload, events, kind, strategy[1], strategy[2])));
    }
    rows.add(new WriteRow("copy-limit", () -> CopyLimit.run(workload, events)));
    return rows;
  }

  private static void print(List<Row> rows, int runs, int count, double rttMs) {
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    rows.forEach(r -> groups.computeIfAbsent(r.workload() + "\u0000" + r.name(), k -> new ArrayList<>()).add(r));
    System.out.printf("%nMedians of %d run(s); %d transactions of one swap event each per row (direct: as many as "
        + "its time allows); remote = %.1f ms round trip through a delaying proxy.%n%n", runs, count, rttMs);
    System.out.println("| workload | row | events/s | tx/s | × copy-limit | × direct | hand-off p50 µs | hand-off p99 µs "
        + "| e2e p50 ms | e2e p99 ms | events lost | heap B/event | CPU s |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (List<Row> group : groups.values()) {
      Row first = group.get(0);
      double eventsPerSecond = median(group, Row::eventsPerSecond);
      double copy = reference(groups, first.workload(), "copy-limit");
      double direct = reference(groups, first.workload(), "direct");
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", first.workload(),
          first.name(), fmt(eventsPerSecond, 0), fmt(median(group, Row::transactionsPerSecond), 0),
          fmt(eventsPerSecond / copy, 2), fmt(eventsPerSecond / direct, 1), fmt(median(group, Row::handoffP50Micros), 1),
          fmt(median(group, Row::handoffP99Micros), 1), fmt(median(group, Row::e2eP50Millis), 1),
          fmt(median(group, Row::e2eP99Millis), 1), fmt(median(group, r -> r.lost()), 0),
          fmt(median(group, Row::heapBytesPerEvent), 0), fmt(median(group, Row::cpuSeconds), 1));
    }
    printCommits(groups.values().stream().filter(group -> group.get(0).commits().measured()).toList());
  }

  /** The real flusher's rows again: how often it commits, and what that costs the database server. */
  private static void printCommits(List<List<Row>> groups) {
    if (groups.isEmpty()) {
      return;
    }
    System.out.printf("%nThe rows of the real flusher: batches committed (swap.flush.count) a second, events per batch "
        + "(swap.events.written ÷ swap.flush.count), over the same seconds as the events/s above (first hand-off to "
        + "last commit); PostgreSQL CPU s: utime + stime of all the server's processes (/proc) from the first "
        + "hand-off to the last event stored, other clients' included.%n%n");
    System.out.println("| workload | row | tx/s | seconds | commits/s | events per commit | e2e p50 ms | e2e p99 ms "
        + "| PostgreSQL CPU s |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (List<Row> group : groups) {
      Row first = group.get(0);
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", first.workload(), first.name(),
          fmt(median(group, Row::transactionsPerSecond), 0), fmt(median(group, Row::seconds), 2),
          fmt(median(group, Row::commitsPerSecond), 1), fmt(median(group, Row::eventsPerCommit), 0),
          fmt(median(group, Row::e2eP50Millis), 1), fmt(median(group, Row::e2eP99Millis), 1),
          fmt(median(group, r -> r.commits().postgresCpuSeconds()), 2));
    }
  }

  private static void printRpc(List<RpcRow> rows, int runs, double rttMs) {
    Map<String, List<RpcRow>> groups = new LinkedHashMap<>();
    rows.forEach(r -> groups.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r));
    System.out.printf("%nThe rpc source: medians of %d run(s); a backfill of %d blocks from the test JSON-RPC server, "
            + "through a proxy of %.1f ms round trip or directly, to the last block's checkpoint committed.%n%n", runs,
        rows.get(0).blocks(), rttMs);
    System.out.println("| row | blocks/s | blocks/s read | tx/s | swap events/s | MB/block | read s | durable s "
        + "| lag at end, slots | CPU s | event loop CPU s | decode CPU s | test server + proxy CPU s "
        + "| other processes CPU s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (List<RpcRow> group : groups.values()) {
      System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
          group.get(0).name(),
          fmt(median(group, RpcRow::blocksPerSecond), 1), fmt(median(group, RpcRow::blocksReadPerSecond), 1),
          fmt(median(group, RpcRow::transactionsPerSecond), 0),
          fmt(median(group, RpcRow::swapEventsPerSecond), 0), fmt(median(group, RpcRow::megabytesPerBlock), 1),
          fmt(median(group, RpcRow::readSeconds), 2), fmt(median(group, RpcRow::durableSeconds), 2),
          fmt(median(group, RpcRow::lagSlots), 0), fmt(median(group, RpcRow::cpuSeconds), 1),
          fmt(median(group, RpcRow::loopCpuSeconds), 1), fmt(median(group, RpcRow::decodeCpuSeconds), 1),
          fmt(median(group, RpcRow::serverCpuSeconds), 1), fmt(median(group, RpcRow::othersCpuSeconds), 1));
    }
  }

  private static double reference(Map<String, List<Row>> groups, String workload, String name) {
    List<Row> group = groups.get(workload + "\u0000" + name);
    return group == null ? Double.NaN : median(group, Row::eventsPerSecond);
  }

  static <T> double median(List<T> rows, ToDoubleFunction<T> value) {
    double[] values = rows.stream().mapToDouble(value).sorted().toArray();
    return values[values.length / 2];
  }

  static String fmt(double value, int decimals) {
    return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format("%,." + decimals + "f", value);
  }
}
