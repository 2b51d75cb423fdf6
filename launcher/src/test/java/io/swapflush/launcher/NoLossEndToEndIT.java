package io.swapflush.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar against faults: a database outage (a TCP proxy cut and restored), a full
 * buffer, SIGTERM with the database unreachable, flusher redeploys, and the admin guard.
 */
class NoLossEndToEndIT extends ProxiedDatabaseIT {


  private static JsonObject jsonl(Replay replay) {
    return new JsonObject().put("source", new JsonObject().put("type", "jsonl").put("path", replay.file().toString()));
  }

  private long spillFiles() {
    Path spill = dir.resolve("spill");
    if (!Files.isDirectory(spill)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(spill)) {
      return files.filter(f -> f.getFileName().toString().startsWith("spill-")).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anOutageInTheMiddleOfAReplayLosesNothingAndWritesNothingTwice() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 20_000, 1);
    int port = ServiceProcess.freePort();
    Path config = write("config.json", config(port, new JsonObject().put("flushIntervalMs", 200), jsonl(replay)));
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      service.awaitAsserted(Duration.ofSeconds(30), () -> assertTrue(rows() > 2000, "rows: " + rows()));
      proxy.cut();
      // the outage lasts until the service reports it and its writes have failed, to be retried
      service.awaitAsserted(Duration.ofSeconds(30), () -> {
        String health = service.get("/health");
        assertTrue(health != null && health.contains("\"healthy\":false") && health.contains("down"), health);
        assertTrue(service.metric("swap_flush_retries_total") > 0, "the outage made writes fail and retry");
      });
      proxy.restore();
      service.awaitAsserted(Duration.ofSeconds(90), () -> assertEquals(replay.keys().size(), rows()));
      service.awaitHealthy(Duration.ofSeconds(10));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    assertEquals(replay.keys(), Replay.storedKeys(db));
  }

  @Test
  void aReplayWithOneRowTheDatabaseRejectsWritesAllTheOthers() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 2_000, 6);
    int port = ServiceProcess.freePort();
    Path config = write("config.json", config(port, new JsonObject().put("flushIntervalMs", 100),
        new JsonObject().put("source", new JsonObject().put("type", "http"))));
    List<String> lines = Files.readAllLines(replay.file());
    String badKey = replay.keys().stream().sorted().findFirst().orElseThrow();
    String badSignature = badKey.substring(0, badKey.indexOf('|'));
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      // a rule that exists in the database only, as a DBA might add one: parsing cannot know it
      db.query("ALTER TABLE swap_events ADD CONSTRAINT reject_one CHECK (signature <> '" + badSignature + "')");
      for (int i = 0; i < lines.size(); i += 100) {
        String body = "[" + String.join(",", lines.subList(i, Math.min(lines.size(), i + 100))) + "]";
        HttpResponse<String> response = service.post("/transactions", body);
        assertEquals(202, response.statusCode(), response.body());
      }
      HttpResponse<String> malformed = service.post("/transactions", "{\"slot\": 1,");
      assertEquals(400, malformed.statusCode(), malformed.body());
      assertTrue(malformed.body().contains("not valid JSON"), malformed.body());
      long badEvents = replay.keys().stream().filter(k -> k.startsWith(badSignature + "|")).count();
      long good = replay.keys().size() - badEvents;
      // the dead letters commit a moment before the flusher counts them: wait for both
      service.awaitAsserted(Duration.ofSeconds(60), () -> {
        assertEquals(good, rows());
        assertEquals(badEvents, db.count("SELECT count(*) FROM swap_events_rejected WHERE signature = '"
            + badSignature + "' AND sqlstate = '23514'"));
        assertEquals((double) badEvents, service.metric("swap_events_rejected_total"));
      });
      assertTrue(service.output().contains("Event of " + badSignature), "a dead letter is logged");
      assertTrue(service.output().contains("set aside as a dead letter"), "a dead letter is logged");
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
  }

  @Test
  void aFullBufferPausesTheSourceAndLosesNothing() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 5_000, 2);
    int port = ServiceProcess.freePort();
    // a refused message is retried after at most 200 ms: the backoff resets only once the outbox is empty, so
    // with the default (2 s) and a 200-event buffer the drain after the outage runs at ~100 tx/s (~50 s here)
    Path config = write("config.json", config(port, new JsonObject().put("maxQueue", 200).put("batchSize", 50)
        .put("flushIntervalMs", 100), jsonl(replay).put("outboxSize", 100).put("retryMaxMs", 200)));
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      proxy.cut();
      // paused: the count of transactions read stops moving for a second, short of the end of the replay
      AtomicReference<Double> seen = new AtomicReference<>(Double.NaN);
      await("the source is paused").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(30)).until(() -> {
        double now = service.metric("swap_tx_processed_total");
        return now == seen.getAndSet(now);
      });
      double processed = seen.get();
      assertTrue(processed < replay.transactions(), "paused before the end: " + processed);
      double outbox = service.metric("swap_outbox_size");
      assertTrue(outbox > 50, "paused, the outbox holds more than its resume mark (half of 100): " + outbox);
      proxy.restore();
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertEquals(replay.keys().size(), rows()));
      assertTrue(service.metric("swap_events_dropped_total") <= 0, "nothing dropped");
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    assertEquals(replay.keys(), Replay.storedKeys(db));
  }

  @Test
  void dropNewestCountsWhatIsMissing() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 3_000, 3);
    int port = ServiceProcess.freePort();
    Path config = write("config.json", config(port, new JsonObject().put("maxQueue", 200).put("batchSize", 50)
        .put("flushIntervalMs", 100).put("overflow", "drop-newest"), jsonl(replay)));
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      proxy.cut();
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertEquals(replay.transactions(),
          (long) service.metric("swap_tx_processed_total"), "drop-newest never pauses the source"));
      proxy.restore();
      // once the queue is empty, all that was kept is written: every event is either a row or counted as dropped
      service.awaitAsserted(Duration.ofSeconds(30), () -> {
        assertEquals(0.0, service.metric("swap_queue_size"));
        assertEquals(replay.keys().size() - (long) service.metric("swap_events_dropped_total"), rows());
      });
      assertTrue(service.metric("swap_events_dropped_total") > 0, "the cut buffer overflowed");
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
  }

  @Test
  void sigtermWithTheDatabaseUnreachableSpillsAndTheNextStartWritesIt() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 2_000, 4);
    int port = ServiceProcess.freePort();
    long drainTimeoutMs = 2000;
    Path config = write("config.json", config(port, new JsonObject().put("maxQueue", 100_000).put("batchSize", 100_000)
        .put("flushIntervalMs", 3_600_000).put("lingerMs", 3_600_000).put("drainTimeoutMs", drainTimeoutMs),
        jsonl(replay)));
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertEquals(replay.transactions(),
          (long) service.metric("swap_tx_processed_total")));
      proxy.cut();
      long started = System.nanoTime();
      int exit = service.terminate(Duration.ofSeconds(60));
      long tookMs = (System.nanoTime() - started) / 1_000_000;
      assertEquals(0, exit, service::output);
      assertTrue(tookMs < drainTimeoutMs + 5000, "exited " + tookMs + " ms after SIGTERM");
      assertEquals(1, spillFiles(), service::output);
      assertEquals(0, rows());
    }
    proxy.restore();
    // no input at all this time: whatever lands in the table comes from the spill file
    Path restart = write("restart.json", config(port, new JsonObject().put("flushIntervalMs", 100),
        new JsonObject().put("source", new JsonObject().put("type", "http"))));
    try (ServiceProcess service = ServiceProcess.start(restart, port)) {
      service.awaitAsserted(Duration.ofSeconds(60), () -> {
        assertEquals(replay.keys().size(), rows());
        assertEquals(0, spillFiles(), "the spill file is deleted");
      });
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    assertEquals(replay.keys(), Replay.storedKeys(db));
  }

  @Test
  void threeFlusherRedeploysDuringAReplayLoseNothing() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 20_000, 5);
    Path feed = dir.resolve("feed.jsonl");
    Files.writeString(feed, "");
    int port = ServiceProcess.freePort();
    JsonObject settings = config(port, new JsonObject().put("flushIntervalMs", 200), new JsonObject().put("source",
        new JsonObject().put("type", "jsonl").put("path", feed.toString()).put("follow", true)));
    Path config = write("config.json", settings);
    String position = "swap_source_position{source=\"" + feed.toAbsolutePath().normalize() + "\"}";
    int quarter = replay.transactions() / 4;
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      // the feed holds its last quarter back until the redeploys are done, so they land inside the replay
      // however long each takes; false when the test failed first: the rest is not fed then
      CompletableFuture<Boolean> redeploysDone = new CompletableFuture<>();
      CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
        replay.appendTo(feed, 0, 3 * quarter, 15, 200);
        if (redeploysDone.join()) {
          replay.appendTo(feed, 3 * quarter, replay.transactions(), 5, 200);
        }
      });
      boolean redeployed = false;
      try {
        for (int i = 1; i <= 3; i++) {
          // driven by the feed: redeploy i once the source has read i quarters of the replay
          long read = (long) i * quarter;
          service.awaitAsserted(Duration.ofSeconds(60),
              () -> assertTrue(service.metric(position) >= read, "read up to line " + service.metric(position)));
          settings.getJsonObject("flusher").put("batchSize", 200 * i);
          write("config.json", settings);
          HttpResponse<String> response = service.post("/admin/flusher/redeploy", "");
          assertEquals(200, response.statusCode(), response.body());
          assertTrue(new JsonObject(response.body()).getString("deploymentId").length() > 0, response.body());
          // the status page shows the settings now in effect
          assertTrue(new JsonObject(service.get("/api/status")).getJsonObject("config").getString("flusher")
              .contains("batchSize=" + 200 * i + ","));
        }
        Files.writeString(config, "{\"flusher\":{\"batchSize\":\"big\"}}");
        HttpResponse<String> invalid = service.post("/admin/flusher/redeploy", "");
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertTrue(invalid.body().contains("flusher.batchSize"), invalid.body());
        redeployed = true;
      } finally {
        redeploysDone.complete(redeployed);
      }
      Await.result(Future.fromCompletionStage(feeding));
      service.awaitAsserted(Duration.ofSeconds(90), () -> assertEquals(replay.keys().size(), rows()));
      service.awaitHealthy(Duration.ofSeconds(5));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    assertEquals(replay.keys(), Replay.storedKeys(db));
  }

  @Test
  void adminRoutesAreGuardedOffLoopback() throws Exception {
    int port = ServiceProcess.freePort();
    JsonObject http = new JsonObject().put("source", new JsonObject().put("type", "http"));
    JsonObject settings = config(port, new JsonObject(), http);
    settings.getJsonObject("http").put("host", "0.0.0.0");
    Path config = write("config.json", settings);
    try (ServiceProcess open = ServiceProcess.start(config, port)) {
      open.awaitHealthy(Duration.ofSeconds(30));
      assertEquals(404, open.post("/admin/flusher/redeploy", "").statusCode(), "no admin route without a token");
      assertTrue(open.output().contains("Admin routes disabled"), open.output());
      assertEquals(0, open.terminate(Duration.ofSeconds(60)));
    }
    try (ServiceProcess guarded = ServiceProcess.start(config, port, Map.of("SWAPFLUSH_ADMIN_TOKEN", "s3cret"))) {
      guarded.awaitHealthy(Duration.ofSeconds(30));
      assertEquals(401, guarded.post("/admin/flusher/redeploy", "", "Authorization", "Bearer wrong").statusCode());
      assertEquals(401, guarded.post("/admin/flusher/redeploy", "").statusCode());
      assertEquals(200, guarded.post("/admin/flusher/redeploy", "", "Authorization", "Bearer s3cret").statusCode());
      assertEquals(0, guarded.terminate(Duration.ofSeconds(60)));
    }
  }
}
