package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.event.SwapEvent;
import io.swapflush.parse.InvalidTransactionException;
import io.swapflush.parse.TransactionParser;
import io.swapflush.testsupport.Fixtures;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started as a process, replays the real fixtures; SIGTERM drains them into PostgreSQL. */
class PipelineEndToEndIT {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path dir;


  @Test
  void jsonlReplayThenSigtermLeavesExactlyTheParsedEventsInTheTable() throws Exception {
    Path fixtures = Fixtures.solanaDir();
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(fixtures)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json") && !f.endsWith("expected.json")).sorted()
          .toList()) {
        lines.add(Json.encode(Json.decodeValue(Files.readString(file))));
      }
    }
    lines.add(3, "{not json");
    lines.add(7, "{\"transaction\":1}");
    Path jsonl = Files.write(dir.resolve("fixtures.jsonl"), lines);

    TransactionParser parser = new TransactionParser(1 << 24);
    Set<String> expected = new TreeSet<>();
    int transactions = 0;
    long queued = 0;
    List<String> rejected = new ArrayList<>();
    for (String line : lines) {
      int events = 0;
      try {
        for (Object tx : parser.split(line)) {
          List<SwapEvent> parsed = parser.parse(tx).events();
          parsed.forEach(e -> expected.add(row(e)));
          events += parsed.size();
          transactions++;
        }
      } catch (InvalidTransactionException invalid) {
        rejected.add(invalid.reason());
      }
      queued += events; // a line without events moves the checkpoint but is no event
    }
    assertEquals(List.of("malformed-json", "wrong-type"), rejected, "the two bad lines, and only they, are rejected");
    assertTrue(expected.size() >= 15, "the fixtures hold swap events: " + expected.size());

    int port = ServiceProcess.freePort();
    Path config = Files.writeString(dir.resolve("config.json"), new JsonObject()
        .put("pg", new JsonObject().put("host", db.options().getHost()).put("port", db.options().getPort())
            .put("database", db.name()).put("user", db.options().getUser()))
        .put("http", new JsonObject().put("port", port))
        // nothing is written before SIGTERM (short batches linger, none fills): the final drain writes it all
        .put("flusher", new JsonObject().put("flushIntervalMs", 600_000).put("lingerMs", 600_000)
            .put("batchSize", 100_000))
        .put("processor", new JsonObject().put("source", new JsonObject().put("type", "jsonl").put("path",
            jsonl.toString())))
        .encodePrettily());

    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      double processed = transactions;
      double held = queued;
      service.awaitAsserted(Duration.ofSeconds(60), () -> {
        assertEquals(processed, service.metric("swap_tx_processed_total"));
        assertEquals(1.0, service.metric("swap_tx_invalid_total{reason=\"malformed-json\"}"));
        assertEquals(1.0, service.metric("swap_tx_invalid_total{reason=\"wrong-type\"}"));
        assertEquals(held, service.metric("swap_queue_size"));
      });
      assertEquals(0, db.count("SELECT count(*) FROM swap_events"), "nothing flushed before SIGTERM");
      assertTrue(service.get("/health").contains("\"healthy\":true"), service.get("/health"));

      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    Set<String> stored = new TreeSet<>();
    db.query("SELECT signature, trader, base_mint, quote_mint, side, base_amount::text, quote_amount::text, venue "
        + "FROM swap_events").forEach(r -> stored.add(String.join("|", r.getString(0), r.getString(1), r.getString(2),
        r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7))));
    assertEquals(expected, stored);
  }

  @Test
  void aBadConfigValueStopsTheStartNamingTheKey() throws Exception {
    assertStartFails("{\"flusher\":{\"batchSize\":\"ten\"}}", "flusher.batchSize must be a positive integer, got \"ten\"");
  }

  @Test
  void anUnknownConfigKeyStopsTheStartNamingTheKey() throws Exception {
    assertStartFails("{\"flusher\":{\"bachSize\":10}}", "unknown key flusher.bachSize");
  }

  @Test
  void aConfigFileThatIsNotJsonStopsTheStart() throws Exception {
    assertStartFails("{\"flusher\": ", "is not a JSON object");
  }

  private void assertStartFails(String json, String message) throws IOException, InterruptedException {
    Path config = Files.writeString(dir.resolve("bad.json"), json);
    try (ServiceProcess service = ServiceProcess.start(config, ServiceProcess.freePort())) {
      int exit = service.waitFor(Duration.ofSeconds(60));
      assertTrue(exit != 0, "exit code " + exit);
      assertTrue(service.output().contains(message), service.output());
    }
  }

  private static String row(SwapEvent e) {
    return String.join("|", e.signature(), e.trader(), e.baseMint(), e.quoteMint(), e.side().label(),
        e.baseAmount().toString(), e.quoteAmount().toString(), e.venue());
  }
}
