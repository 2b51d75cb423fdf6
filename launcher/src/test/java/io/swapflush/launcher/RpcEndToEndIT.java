package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar following a chain served over Solana's JSON-RPC: a backfill that ends by itself, and
 * SIGKILLs in the middle of 2 000 blocks; every swap of every block exactly once in the table.
 */
class RpcEndToEndIT extends ProxiedDatabaseIT {

  private static final long FIRST_SLOT = 300_000_000;
  private static final String SOURCE = "solana";
  private static final int OUTBOX = 200;
  private static final int MAX_QUEUE = 2_000;
  private static final int BATCH = 500;
  private static final int IN_FLIGHT = 2;

  @RegisterExtension
  final SolanaRpcServer server = SolanaRpcServer.start();

  private Path rpcConfig(int port, Long endSlot) throws Exception {
    JsonObject source = new JsonObject().put("type", "rpc").put("url", server.url()).put("startSlot", FIRST_SLOT)
        .put("pollIntervalMs", 50);
    if (endSlot != null) {
      source.put("endSlot", endSlot);
    }
    JsonObject config = config(port, new JsonObject().put("maxQueue", MAX_QUEUE).put("batchSize", BATCH)
        .put("maxInFlight", IN_FLIGHT).put("flushIntervalMs", 100),
        new JsonObject().put("outboxSize", OUTBOX).put("source", source));
    // the test chain's blocks carry block times of years ago: not what this test is about
    return write("config.json", config.put("health", new JsonObject().put("sourceLagMs", 10L * 365 * 86_400_000)));
  }

  private long checkpoint() {
    var rows = db.query("SELECT position FROM swap_checkpoints WHERE source_id = '" + SOURCE + "'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  @Test
  void aBackfillEndsByItselfOnceItsLastBlockIsDurable() throws Exception {
    NavigableMap<Long, JsonObject> chain = TestChain.serve(server, FIRST_SLOT, 400);
    long endSlot = FIRST_SLOT + 250;
    NavigableMap<Long, JsonObject> range = chain.headMap(endSlot, true);
    int port = ServiceProcess.freePort();
    try (ServiceProcess service = ServiceProcess.start(rpcConfig(port, endSlot), port)) {
      assertEquals(0, service.waitFor(Duration.ofSeconds(120)), service::output);
      assertTrue(service.output().contains("all of it is durable"), service::output);
    }
    assertEquals(range.size(), checkpoint());
    JsonObject cursor = new JsonObject(db.query("SELECT cursor FROM swap_checkpoints").get(0).getString(0));
    assertEquals(range.lastKey(), cursor.getLong("slot"));
    assertEquals(TestChain.keysOf(range), Replay.storedKeys(db));
  }

  @Test
  void sigkillsInTheMiddleOfTheChainLoseNothingAndReReadOnlyWhatWasInFlight() throws Exception {
    NavigableMap<Long, JsonObject> chain = TestChain.serve(server, FIRST_SLOT, 2_500);
    int port = ServiceProcess.freePort();
    Path config = rpcConfig(port, null);
    String position = "swap_source_position{source=\"" + SOURCE + "\"}";
    Random random = new Random(3);
    List<String> report = new ArrayList<>();
    long resumedFrom = 0;
    for (int kill = 1; kill <= 3; kill++) {
      try (ServiceProcess service = ServiceProcess.start(config, port)) {
        service.awaitHealthy(Duration.ofSeconds(30));
        long target = Math.min(resumedFrom + 100 + random.nextInt(400), chain.size() - 300);
        service.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(10),
            () -> assertTrue(service.metric(position) >= target, "read up to block " + service.metric(position)));
        double read = service.metric(position);
        service.kill();
        long committed = checkpoint();
        report.add(String.format("kill %d: resumed after block %d, read up to block %.0f, checkpoint %d after the kill",
            kill, resumedFrom, read, committed));
        assertTrue(committed >= resumedFrom, "the checkpoint does not move back: " + report);
        assertTrue(read - committed <= OUTBOX + MAX_QUEUE + IN_FLIGHT * BATCH,
            "no more than outbox + deque + the batches in flight is read again: " + report);
        resumedFrom = committed;
      }
    }
    try (ServiceProcess service = ServiceProcess.start(config, port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      service.awaitAsserted(Duration.ofSeconds(120), () -> assertEquals(chain.size(), checkpoint()));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
    report.forEach(System.out::println);
    Set<String> expected = TestChain.keysOf(chain);
    assertEquals(expected.size(), rows(), "every swap once");
    assertEquals(expected, Replay.storedKeys(db));
  }
}
