package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.TcpProxy;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.NavigableMap;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the end-to-end tests of the jar share: a database of each test's own, reached through a TCP
 * proxy the test can cut, and a config file pointing the service at it.
 */
abstract class ProxiedDatabaseIT {

  @TempDir
  Path dir;
  TestDatabase db;
  TcpProxy proxy;

  @BeforeEach
  void startDatabase() {
    db = TestDatabase.create();
    proxy = TcpProxy.to(db.options());
  }

  @AfterEach
  void stopDatabase() {
    proxy.close();
    db.close();
  }

  /** A config for the service on {@code port}, through the proxy, spilling into the test's directory. */
  JsonObject config(int port, JsonObject flusher, JsonObject processor) {
    return new JsonObject()
        .put("pg", new JsonObject().put("host", "127.0.0.1").put("port", proxy.port()).put("database", db.name())
            .put("user", db.options().getUser()))
        .put("http", new JsonObject().put("port", port))
        .put("flusher", flusher.put("spillDir", dir.resolve("spill").toString()))
        .put("processor", processor);
  }

  Path write(String name, JsonObject config) throws IOException {
    return Files.writeString(dir.resolve(name), config.encodePrettily());
  }

  long rows() {
    return db.count("SELECT count(*) FROM swap_events");
  }

  /** The stored cursor of the source {@code solana} ({@code slot}, {@code blockhash}); null before there is one. */
  JsonObject cursor() {
    var rows = db.query("SELECT cursor FROM swap_checkpoints WHERE source_id = 'solana'");
    String cursor = rows.isEmpty() ? null : rows.get(0).getString(0);
    return cursor == null ? null : new JsonObject(cursor); // a standby's lease row has none until the first block
  }

  /**
   * Waits until the checkpoint stands at the head of {@code chain} (slot and blockhash) and the rows
   * are exactly the swaps of its blocks, each once, with its block's slot and time; then for /health 200.
   */
  void awaitStored(ServiceProcess service, NavigableMap<Long, JsonObject> chain, Duration timeout) {
    Set<String> expected = TestChain.rowsOf(chain);
    String headHash = chain.lastEntry().getValue().getString("blockhash");
    service.awaitAsserted(timeout, Duration.ofMillis(200), () -> {
      JsonObject cursor = cursor();
      Set<String> stored = TestChain.storedRows(db);
      boolean atHead = cursor != null && cursor.getLong("slot").equals(chain.lastKey())
          && headHash.equals(cursor.getString("blockhash"));
      assertTrue(atHead && stored.equals(expected), () -> "expected the checkpoint at the head, slot " + chain.lastKey()
          + ", and the chain's " + expected.size() + " rows; checkpoint " + cursor + ", " + difference(expected, stored)
          + "; /health " + service.get("/health"));
    });
    assertEquals(expected.size(), rows(), "every swap once");
    service.awaitHealthy(Duration.ofSeconds(15));
  }

  static String difference(Set<String> expected, Set<String> stored) {
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(stored);
    Set<String> extra = new HashSet<>(stored);
    extra.removeAll(expected);
    return stored.size() + " rows stored: " + missing.size() + " of the chain's missing, " + extra.size()
        + " not of the chain (abandoned blocks', or with another slot or time)";
  }
}
