package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnection;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar against what an operator runs into: a database that is down at start, writes
 * held by a lock, a redeploy to a database that does not exist, SIGTERM while a redeploy waits,
 * and a port in use.
 */
class OperatorFaultsIT extends ProxiedDatabaseIT {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close();
  }

  private static JsonObject http() {
    return new JsonObject().put("source", new JsonObject().put("type", "http"));
  }

  /** A processor reading {@code file}, following it when asked. */
  private static JsonObject jsonl(Path file, boolean follow) {
    return new JsonObject().put("source", new JsonObject().put("type", "jsonl").put("path", file.toString())
        .put("follow", follow));
  }

  private boolean tableExists() {
    return db.count("SELECT count(*) FROM pg_tables WHERE tablename = 'swap_events'") == 1;
  }

  /** A transaction of the test database's own connection that holds every write to swap_events. */
  private PgConnection lockSwapEvents() throws Exception {
    PgConnection locker = Await.result(PgConnection.connect(vertx, db.options()));
    Await.result(locker.query("BEGIN").execute()
        .compose(v -> locker.query("LOCK TABLE swap_events IN ACCESS EXCLUSIVE MODE").execute()));
    return locker;
  }

  private static void release(PgConnection locker) throws Exception {
    Await.result(locker.query("COMMIT").execute().eventually(locker::close));
  }

  /** The reasons /health gives; none while it does not answer. */
  private static List<String> reasons(String health) {
    if (health == null) {
      return List.of();
    }
    return new JsonObject(health).getJsonArray("reasons", new JsonArray()).stream().map(String::valueOf).toList();
  }

  @Test
  void startsWithTheDatabaseDownSaysWhyOnHealthAndWritesOnceItIsBack() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 500, 11);
    int port = ServiceProcess.freePort();
    proxy.cut();
    Path config = write("config.json", config(port, new JsonObject().put("flushIntervalMs", 100),
        jsonl(replay.file(), false)));
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitAsserted(Duration.ofSeconds(30), () -> {
        List<String> reasons = reasons(service.get("/health"));
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("flusher has not reached the database")), reasons::toString);
        assertTrue(reasons.stream().anyMatch(r -> r.startsWith("source not running: waiting for the")),
            reasons::toString);
      });
      // the standard probes: alive all along, not ready while the database is away
      assertTrue(service.get("/health/live").contains("\"outcome\":\"UP\""), service.get("/health/live"));
      String ready = service.get("/health/ready");
      assertTrue(ready.contains("\"outcome\":\"DOWN\"") && ready.contains("flusher has not reached the database"),
          ready);
      proxy.restore();
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertEquals(replay.keys().size(),
          tableExists() ? rows() : 0));
      service.awaitHealthy(Duration.ofSeconds(30));
      service.awaitAsserted(Duration.ofSeconds(10),
          () -> assertTrue(service.get("/health/ready").contains("\"outcome\":\"UP\"")));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
      assertEquals(List.of(), service.output().lines().filter(l -> l.contains(" WARN ")
          && !l.contains("Database not ready") && !l.contains("Source not started")
          && !l.contains("Alert recovery could not reach the database")).toList(),
          "a start and stop warn about nothing but the outage");
    }
    assertEquals(replay.keys(), Replay.storedKeys(db));
  }

  @Test
  void writesHeldByALockAndASourceThatCannotGoOnAreReportedOnHealth() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 3_000, 12);
    Path feed = Files.writeString(dir.resolve("feed.jsonl"), "");
    int port = ServiceProcess.freePort();
    JsonObject settings = config(port, new JsonObject().put("maxQueue", 300).put("batchSize", 100)
        .put("flushIntervalMs", 100), jsonl(feed, true));
    settings.getJsonObject("processor").put("outboxSize", 50);
    settings.put("health", new JsonObject().put("writeStallMs", 1000).put("sourceStallMs", 1500));
    Path config = write("config.json", settings);
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      PgConnection locker = lockSwapEvents();
      try {
        Files.write(feed, Files.readAllLines(replay.file()));
        service.awaitAsserted(Duration.ofSeconds(30), () -> {
          List<String> reasons = reasons(service.get("/health"));
          assertTrue(reasons.stream().anyMatch(r -> r.startsWith("events have waited")), reasons::toString);
          assertTrue(reasons.stream().anyMatch(r -> r.startsWith("source stalled for") && r.contains("paused")),
              reasons::toString);
          String ready = service.get("/health/ready");
          assertTrue(ready.contains("\"outcome\":\"DOWN\"") && ready.contains("source stalled for"), ready);
        });
        assertTrue(service.metric("swap_source_stalled_seconds{source=\"" + feed + "\"}") > 1,
            () -> service.get("/metrics"));
        assertTrue(service.metric("swap_write_stalled_seconds") > 1);
      } finally {
        release(locker);
      }
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertEquals(replay.keys().size(), rows()));
      service.awaitHealthy(Duration.ofSeconds(30));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
  }

  @Test
  void aRedeployToADatabaseThatDoesNotExistKeepsTheRunningFlusher() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 200, 13);
    int port = ServiceProcess.freePort();
    JsonObject settings = config(port, new JsonObject().put("flushIntervalMs", 100), http());
    Path config = write("config.json", settings);
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      settings.getJsonObject("pg").put("database", "swapflush_no_such_database");
      write("config.json", settings);
      HttpResponse<String> refused = service.post("/admin/flusher/redeploy", "");
      assertEquals(400, refused.statusCode(), refused.body());
      assertTrue(refused.body().contains("swapflush_no_such_database") && refused.body().contains("kept"),
          refused.body());
      service.awaitHealthy(Duration.ofSeconds(5));
      HttpResponse<String> accepted = service.post("/transactions", "[" + String.join(",",
          Files.readAllLines(replay.file())) + "]");
      assertEquals(202, accepted.statusCode(), accepted.body());
      service.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals(replay.keys().size(), rows()));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
  }

  @Test
  void sigtermWhileARedeployWaitsForItsDrainLosesNoAcceptedTransaction() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 1_000, 14);
    List<String> lines = Files.readAllLines(replay.file());
    int port = ServiceProcess.freePort();
    Path config = write("config.json", config(port, new JsonObject().put("flushIntervalMs", 100)
        .put("drainTimeoutMs", 3000), http()));
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      PgConnection locker = lockSwapEvents();
      try {
        for (int i = 0; i < lines.size(); i += 50) {
          String body = "[" + String.join(",", lines.subList(i, Math.min(lines.size(), i + 50))) + "]";
          HttpResponse<String> response = service.post("/transactions", body);
          assertEquals(202, response.statusCode(), response.body());
        }
        // the old flusher cannot drain while the lock holds: the redeploy waits for its drain timeout
        CompletableFuture<HttpResponse<String>> redeploy =
            CompletableFuture.supplyAsync(() -> service.post("/admin/flusher/redeploy", ""));
        service.awaitAsserted(Duration.ofSeconds(10), () -> assertTrue(service.output().contains("Redeploying the flusher")));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
          try {
            return service.terminate(Duration.ofSeconds(90));
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
        service.awaitAsserted(Duration.ofSeconds(10), () -> assertTrue(service.output().contains("SIGTERM received")));
        assertFalse(exit.isDone(), "the stop waits for the redeploy and then for the new flusher's drain");
        release(locker);
        locker = null;
        assertEquals(0, exit.get(90, TimeUnit.SECONDS), service::output);
        assertEquals(200, redeploy.get(10, TimeUnit.SECONDS).statusCode(), service::output);
      } finally {
        if (locker != null) {
          release(locker);
        }
      }
    }
    // what the old flusher could not drain was spilled; the next start writes it
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertEquals(replay.keys().size(), rows()));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    assertEquals(replay.keys(), Replay.storedKeys(db));
  }

  @Test
  void aPortInUseStopsTheStartBeforeThePipelineRuns() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 200, 15);
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Path config = write("config.json", config(port, new JsonObject(), jsonl(replay.file(), false)));
      try (ServiceProcess service = ServiceProcess.start(config, port)) {
        int exit = service.waitFor(Duration.ofSeconds(60));
        assertTrue(exit != 0, "exit code " + exit);
        assertTrue(service.output().contains("cannot listen on 127.0.0.1:" + port), service.output());
        assertFalse(service.output().contains("Unknown deployment"), service.output());
      }
    }
    assertFalse(tableExists(), "nothing of the pipeline ran");
  }
}
