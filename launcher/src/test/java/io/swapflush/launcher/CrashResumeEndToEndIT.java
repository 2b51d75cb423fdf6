package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL at random moments: the checkpoint committed with the events makes the restart resume, not replay. */
class CrashResumeEndToEndIT {

  private static final int OUTBOX = 1000;
  private static final int MAX_QUEUE = 20_000;
  private static final int BATCH = 5000;
  private static final int IN_FLIGHT = 2;

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path dir;

  @BeforeEach
  void emptyTables() {
    db.query("DROP TABLE IF EXISTS swap_events, swap_events_rejected, swap_checkpoints");
  }

  private JsonObject config(int port, JsonObject source) {
    return new JsonObject()
        .put("pg", new JsonObject().put("port", db.options().getPort()).put("database", db.name()))
        .put("http", new JsonObject().put("port", port))
        .put("flusher", new JsonObject().put("maxQueue", MAX_QUEUE).put("batchSize", BATCH)
            .put("maxInFlight", IN_FLIGHT).put("flushIntervalMs", 200)
            .put("spillDir", dir.resolve("spill").toString()))
        .put("processor", new JsonObject().put("outboxSize", OUTBOX).put("source", source));
  }

  private long checkpoint() {
    var rows = db.query("SELECT position FROM swap_checkpoints WHERE source_id = '" + source + "'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  private String source;

  @Test
  void sigkillsInTheMiddleOfAReplayLoseNothingAndReReadOnlyWhatWasInFlight() throws Exception {
    Replay replay = Replay.synthetic(dir.resolve("replay.jsonl"), 50_000, 7);
    int port = ServiceProcess.freePort();
    source = replay.file().toString();
    Path config = Files.writeString(dir.resolve("config.json"), config(port, new JsonObject().put("type", "jsonl")
        .put("path", source)).encodePrettily());
    Random random = new Random(7);
    String position = "swap_source_position{source=\"" + source + "\"}";
    List<String> report = new ArrayList<>();
    long resumedFrom = 0;
    for (int kill = 1; kill <= 3; kill++) {
      try (ServiceProcess service = ServiceProcess.start(config, port)) {
        service.awaitHealthy(Duration.ofSeconds(30));
        // at a random line past the checkpoint resumed from, whatever the speed, so that every kill lands in
        // the replay; reads run far ahead of that checkpoint, so the target stays short of the end to be reachable
        long target = Math.min(resumedFrom + 2000 + random.nextInt(10_000), replay.transactions() - 5000);
        service.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(10),
            () -> assertTrue(service.metric(position) >= target, "read up to line " + service.metric(position)));
        // read and checkpoint from one scrape, a moment before the kill: what is in flight then is re-read
        String scrape = service.get("/metrics");
        service.kill();
        double read = ServiceProcess.sample(scrape, position);
        double lag = ServiceProcess.sample(scrape, "swap_checkpoint_lag{source=\"" + source + "\"}");
        long committed = checkpoint();
        report.add(String.format("kill %d: resumed after line %d, read up to line %.0f with %.0f lines in flight; "
            + "checkpoint %d after the kill", kill, resumedFrom, read, lag, committed));
        assertTrue(read > resumedFrom, "each run made progress: " + report);
        // a batch stores the checkpoint as it stood when the batch started: the batches in flight then
        // (this one included) may be durable without being in the stored checkpoint yet
        // what the restart reads again is what the database did not hold when the process died; the
        // scraped lag is the same a moment earlier, when the batches then in flight had not committed
        assertTrue(lag >= 0, "the stored checkpoint never runs ahead of what was read: " + report);
        assertTrue(read - committed <= OUTBOX + MAX_QUEUE + IN_FLIGHT * BATCH,
            "no more than outbox + deque + the batches in flight is read again: " + report);
        assertTrue(committed >= read - lag, "the checkpoint does not move back: " + report);
        resumedFrom = committed;
      }
    }
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      service.awaitAsserted(Duration.ofSeconds(120), () -> assertEquals(replay.transactions(), checkpoint()));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    report.forEach(System.out::println);
    assertEquals(replay.keys().size(), db.count("SELECT count(*) FROM swap_events"));
    assertEquals(replay.keys(), Replay.storedKeys(db));
  }

  @Test
  void followReadsAppendedLinesAndContinuesWhereItStoppedAfterARestart() throws Exception {
    SyntheticTransactions generator = new SyntheticTransactions(8);
    Path feed = dir.resolve("feed.jsonl");
    Files.writeString(feed, "");
    source = feed.toString();
    int port = ServiceProcess.freePort();
    Path config = Files.writeString(dir.resolve("config.json"), config(port, new JsonObject().put("type", "jsonl")
        .put("path", feed.toString()).put("follow", true)).encodePrettily());
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      append(feed, generator, 100);
      service.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals(100, checkpoint()));
      append(feed, generator, 100);
      // the gauges follow the commit one callback later: wait for them with the row
      service.awaitAsserted(Duration.ofSeconds(30), () -> {
        assertEquals(200, checkpoint());
        assertEquals(0.0, service.metric("swap_checkpoint_lag{source=\"" + source + "\"}"), "nothing read is unsaved");
        assertEquals(200.0, service.metric("swap_checkpoint_position{source=\"" + source + "\"}"));
      });
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    append(feed, generator, 50);
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals(250, checkpoint()));
      // a line is counted as processed before it is handed to the flusher, so before its checkpoint commits
      assertEquals(50.0, service.metric("swap_tx_processed_total"), "only the new lines are read after the restart");
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    Replay all = new Replay(feed, Replay.keysOf(feed), 250);
    assertEquals(all.keys(), Replay.storedKeys(db));
  }

  private static void append(Path feed, SyntheticTransactions generator, int lines) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      text.append(generator.next()).append('\n');
    }
    Files.writeString(feed, text, StandardOpenOption.APPEND);
  }
}
