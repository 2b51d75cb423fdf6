package io.swapflush.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.launcher.config.ConfigFile;
import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TcpProxy;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Counters and alerts run at memory speed: cutting the database changes neither. */
@ExtendWith(VertxExtension.class)
class AlertsDuringOutageTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spill;

  @Test
  void alertsKeepFiringWithTheirLatencyWhileTheDatabaseIsCut(Vertx vertx) throws Exception {
    try (TcpProxy proxy = TcpProxy.to(db.options())) {
      JsonObject config = new JsonObject()
          .put("pg", new JsonObject().put("port", proxy.port()).put("database", db.name()))
          .put("http", new JsonObject().put("port", 0))
          .put("flusher", new JsonObject().put("spillDir", spill.toString()).put("drainTimeoutMs", 1000))
          .put("processor", new JsonObject()
              .put("source", new JsonObject().put("type", "http"))
              .put("triggers", new JsonArray().add(new JsonObject().put("name", "every-trade").put("metric", "trades")
                  .put("window", "1m").put("above", 0).put("cooldown", "0s"))));
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      MainVerticle main = new MainVerticle(new ConfigFile(config.encode()), registry);
      Await.result(vertx.deployVerticle(main));
      List<Long> latencies = new CopyOnWriteArrayList<>();
      List<String> mints = new CopyOnWriteArrayList<>();
      vertx.eventBus().<Alert>consumer(Addresses.ALERTS, m -> {
        latencies.add(new JsonObject(m.body().json()).getLong("latencyMicros"));
        mints.add(m.body().mint());
      });
      SyntheticTransactions generator = new SyntheticTransactions(11);

      List<Long> up = phase(vertx, generator, latencies, registry);
      proxy.cut();
      List<Long> cut = phase(vertx, generator, latencies, registry);
      System.out.printf("alert latency µs  database up: p50 %d p99 %d (%d alerts)   cut: p50 %d p99 %d (%d alerts)%n",
          percentile(up, 50), percentile(up, 99), up.size(), percentile(cut, 50), percentile(cut, 99), cut.size());
      assertTrue(cut.size() > 250, "alerts keep firing with the database cut: " + cut.size());
      assertTrue(percentile(cut, 99) <= Math.max(10 * percentile(up, 99), 20_000),
          "alert latency does not wait for the database");

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + main.httpPort() + "/mints/";
      HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(base + mints.get(0) + "/stats")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, stats.statusCode(), stats.body());
      assertTrue(new JsonObject(stats.body()).getJsonObject("windows").getJsonObject("1m").getLong("trades") >= 1);
      HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(
          URI.create(base + "So11111111111111111111111111111111111111112/stats")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, unknown.statusCode(), unknown.body());
      proxy.restore();
    }
  }

  /** Sends 300 transactions, one at a time; returns the latencies of the alerts they set off. */
  private static List<Long> phase(Vertx vertx, SyntheticTransactions generator, List<Long> latencies,
      PrometheusMeterRegistry registry) {
    int before = latencies.size();
    for (int i = 0; i < 300; i++) {
      JsonObject reply = Await.result(vertx.eventBus().<JsonObject>request(Addresses.TRANSACTIONS,
          generator.next().getBytes(StandardCharsets.UTF_8)))
          .body();
      assertEquals(1, reply.getInteger("accepted"));
    }
    // an alert is counted as it is published, before the reply; its delivery to the consumer follows
    await("every alert fired has arrived").atMost(Duration.ofSeconds(10))
        .until(() -> latencies.size() == registry.get("swap.alerts").tag("rule", "every-trade").counter().count());
    List<Long> phase = new ArrayList<>(latencies.subList(before, latencies.size()));
    assertFalse(phase.isEmpty(), "the transactions set off alerts");
    return phase;
  }

  private static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
  }
}
