package io.swapflush.bench;

import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The {@code status} rows: what the status page costs the pipeline. The packaged jar runs the
 * synthetic source, at the default config's rate and at the generator's maximum (the pipeline
 * saturated), with nobody reading {@code /api/status}, with five browsers showing the page (each
 * reads it every 2 s) and with pollers forty times harder. Measured over a window after a warm-up
 * long enough for the JIT to settle: transactions processed per second, the service's CPU, and how
 * long {@code /api/status} takes to answer.
 */
final class StatusPageCost {

  private static final double[] RATES = {400, 50_000};
  private static final List<Pollers> POLLERS = List.of(new Pollers("none", 0, 0),
      new Pollers("5 browsers, every 2 s", 5, 2000), new Pollers("10 pollers, every 100 ms", 10, 100));
  private static final int WARM_UP_SECONDS = 20;
  private static final int MEASURED_SECONDS = 20;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** {@code clients} readers of /api/status, each every {@code everyMs}. */
  private record Pollers(String name, int clients, long everyMs) {

    double requestsPerSecond() {
      return clients == 0 ? 0 : clients * 1000.0 / everyMs;
    }
  }

  private record Row(double rate, Pollers pollers, double transactionsPerSecond, double cpuPercent, double p50Ms,
                     double p99Ms, int failedRequests) {
  }

  private StatusPageCost() {
  }

  static String configuration() {
    return String.format("* status rows: the packaged jar (%s), conf/config.json's defaults, the synthetic source at "
            + "%s tx/s; pollers: %s; %d s warm-up, %d s measured; a database of its own per row",
        ServiceInstance.JAR, java.util.Arrays.stream(RATES).mapToObj(r -> Benchmark.fmt(r, 0))
            .collect(Collectors.joining(" and ")),
        POLLERS.stream().map(Pollers::name).collect(Collectors.joining(", ")), WARM_UP_SECONDS, MEASURED_SECONDS);
  }

  static List<String> run(int runs) throws Exception {
    Path dir = Files.createTempDirectory("swapflush-bench-status");
    List<Row> rows = new ArrayList<>();
    try {
      measureAll(runs, dir, rows);
    } finally {
      ServiceInstance.deleteDirectory(dir);
    }
    return print(rows, runs);
  }

  private static void measureAll(int runs, Path dir, List<Row> rows) throws Exception {
    for (int run = 1; run <= runs; run++) {
      for (double rate : RATES) {
        // the order of the pollers turns with the run, so no kind always comes first
        for (int i = 0; i < POLLERS.size(); i++) {
          Pollers pollers = POLLERS.get((i + run - 1) % POLLERS.size());
          System.err.printf("run %d: status page, %s tx/s, pollers %s%n", run, Benchmark.fmt(rate, 0), pollers.name());
          rows.add(measure(dir, rate, pollers, run));
          System.err.println("  " + rows.get(rows.size() - 1));
        }
      }
    }
  }

  private static Row measure(Path dir, double rate, Pollers pollers, int run) throws Exception {
    try (TestDatabase db = TestDatabase.create()) {
      String name = "status-" + run + "-" + (long) rate + "-" + pollers.clients();
      JsonObject config = ServiceInstance.config(db.options(), dir.resolve("spill-" + name), new JsonObject()
          .put("source", new JsonObject().put("type", "synthetic").put("ratePerSecond", rate)));
      try (ServiceInstance service = ServiceInstance.start(dir, name, config)) {
        while (!String.valueOf(service.get("/health")).contains("\"healthy\":true")) {
          service.checkAlive();
          Workload.sleep(100);
        }
        Readers readers = new Readers(URI.create(service.url("/api/status")), pollers);
        try {
          Workload.sleep(WARM_UP_SECONDS * 1000L);
          double processed = processed(service);
          double cpu = service.cpuSeconds();
          long start = System.nanoTime();
          readers.measuring = true;
          Workload.sleep(MEASURED_SECONDS * 1000L);
          readers.measuring = false;
          double seconds = (System.nanoTime() - start) / 1e9;
          double transactionsPerSecond = (processed(service) - processed) / seconds;
          double cpuPercent = (service.cpuSeconds() - cpu) / seconds * 100;
          service.checkAlive();
          readers.stop();
          return new Row(rate, pollers, transactionsPerSecond, cpuPercent, readers.latencies.percentile(50) / 1e6,
              readers.latencies.percentile(99) / 1e6, readers.failed);
        } finally {
          readers.stop();
        }
      }
    }
  }

  /** The clients reading /api/status; what they measure counts only inside the measured window. */
  private static final class Readers {

    private final URI status;
    private final ScheduledExecutorService clients;
    private final Samples latencies = new Samples(1024);
    private volatile boolean measuring;
    private int failed;

    Readers(URI status, Pollers pollers) {
      this.status = status;
      this.clients = Executors.newScheduledThreadPool(Math.max(1, pollers.clients()));
      for (int c = 0; c < pollers.clients(); c++) {
        clients.scheduleAtFixedRate(this::poll, c * pollers.everyMs() / pollers.clients(), pollers.everyMs(),
            TimeUnit.MILLISECONDS);
      }
    }

    private void poll() {
      long start = System.nanoTime();
      boolean answered;
      try {
        answered = HTTP.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        answered = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (measuring) {
        synchronized (this) {
          if (answered) {
            latencies.add(System.nanoTime() - start);
          } else {
            failed++;
          }
        }
      }
    }

    /** Stops the clients; their figures are complete once it returns. */
    void stop() throws InterruptedException {
      clients.shutdownNow();
      clients.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private static double processed(ServiceInstance service) {
    String scrape = service.get("/metrics");
    return scrape.lines().filter(l -> l.startsWith("swap_tx_processed_total ")).mapToDouble(l ->
        Double.parseDouble(l.split(" ")[1])).findFirst().orElseThrow();
  }

  private static List<String> print(List<Row> rows, int runs) {
    List<String> out = new ArrayList<>();
    out.add("");
    out.add(String.format("Status page cost: medians of %d run(s); the jar on the synthetic source, %d s measured",
        runs, MEASURED_SECONDS));
    out.add("");
    out.add("| synthetic rate (tx/s) | readers of /api/status | requests/s | transactions/s | service CPU (% of a core) "
        + "| /api/status p50 (ms) | p99 (ms) | failed requests (all runs) |");
    out.add("|---:|---|---:|---:|---:|---:|---:|---:|");
    for (double rate : RATES) {
      for (Pollers pollers : POLLERS) {
        List<Row> group = rows.stream().filter(r -> r.rate() == rate && r.pollers().equals(pollers)).toList();
        out.add(String.format("| %s | %s | %s | %s | %s | %s | %s | %d |", Benchmark.fmt(rate, 0), pollers.name(),
            Benchmark.fmt(pollers.requestsPerSecond(), 1), Benchmark.fmt(Benchmark.median(group,
                Row::transactionsPerSecond), 0), Benchmark.fmt(Benchmark.median(group, Row::cpuPercent), 1),
            pollers.clients() == 0 ? "–" : Benchmark.fmt(Benchmark.median(group, Row::p50Ms), 2),
            pollers.clients() == 0 ? "–" : Benchmark.fmt(Benchmark.median(group, Row::p99Ms), 2),
            group.stream().mapToInt(Row::failedRequests).sum()));
      }
    }
    return out;
  }
}
