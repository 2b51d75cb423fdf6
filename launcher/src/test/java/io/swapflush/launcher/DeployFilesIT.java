package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code deploy/} read only metrics the
 * service exports: checked against a real scrape of the jar following a chain over JSON-RPC, with
 * a trigger rule configured (the rules' syntax and firing are promtool's part, in .ci/run).
 */
class DeployFilesIT extends ProxiedDatabaseIT {

  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final Pattern METRIC = Pattern.compile("\\bswap_[a-z0-9_]+");

  @RegisterExtension
  final SolanaRpcServer server = SolanaRpcServer.start();

  @Test
  void everyQueryOfTheDashboardAndTheAlertsNamesAnExportedMetric() throws Exception {
    long firstSlot = 300_000_000;
    TestChain.serve(server, firstSlot, 60);
    int port = ServiceProcess.freePort();
    JsonObject source = new JsonObject().put("type", "rpc").put("url", server.url()).put("startSlot", firstSlot)
        .put("pollIntervalMs", 50);
    // a destination, so that its labelled series exist (nothing listens there: it fails, which is fine)
    JsonObject alerts = new JsonObject().put("destinations", new JsonArray().add(new JsonObject().put("name", "hook")
        .put("type", "webhook").put("url", "http://127.0.0.1:9/hook").put("secret", "whsec_c2VjcmV0")));
    JsonObject processor = new JsonObject().put("source", source).put("triggers", new JsonArray()
        .add(new JsonObject().put("name", "crowd").put("metric", "traders").put("above", 1_000_000)))
        .put("alerts", alerts);
    Path config = write("config.json", config(port, new JsonObject(), processor));

    Set<String> exported;
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      // the checkpoint's gauges appear with the first commit, the chain's with the first block read
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertTrue(names(service.get("/metrics"))
          .containsAll(Set.of("swap_checkpoint_position", "swap_checkpoint_lag", "swap_source_lag_seconds"))));
      exported = names(service.get("/metrics"));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }

    JsonObject dashboard = new JsonObject(Files.readString(DEPLOY.resolve("grafana/swapflush-dashboard.json")));
    Set<String> dashboardMetrics = new TreeSet<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets")) {
        dashboardMetrics.addAll(metrics(((JsonObject) target).getString("expr")));
      }
    }
    Set<String> alertMetrics = metrics(Files.readString(DEPLOY.resolve("prometheus/alerts.yml")).lines()
        .filter(line -> line.trim().startsWith("expr:")).collect(Collectors.joining("\n")));

    assertFalse(dashboardMetrics.isEmpty() || alertMetrics.isEmpty());
    assertEquals(Set.of(), missing(dashboardMetrics, exported), "dashboard queries of metrics not exported");
    assertEquals(Set.of(), missing(alertMetrics, exported), "alert rules on metrics not exported");
  }

  /** The metric names of a scrape: each sample's name, histograms' series included (none before it answers). */
  private static Set<String> names(String scrape) {
    if (scrape == null) {
      return Set.of();
    }
    return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> metrics(String text) {
    Set<String> found = new TreeSet<>();
    Matcher matcher = METRIC.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group());
    }
    return found;
  }

  private static Set<String> missing(Set<String> wanted, Set<String> exported) {
    Set<String> missing = new TreeSet<>(wanted);
    missing.removeAll(exported);
    return missing;
  }
}
