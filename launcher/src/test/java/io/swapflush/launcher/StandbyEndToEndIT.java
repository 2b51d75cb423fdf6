package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances on one rpc source and one database: one leads and reads, the other stands by;
 * SIGKILL the leader and the standby takes over from the checkpoint; every swap once, and never did
 * both read.
 */
class StandbyEndToEndIT extends ProxiedDatabaseIT {

  private static final long FIRST_SLOT = 310_000_000;

  @RegisterExtension
  final SolanaRpcServer server = SolanaRpcServer.start();

  /** An instance reading the chain, its requests marked with its name, reaching the database through the proxy. */
  private Path instance(String name, int port) throws Exception {
    return instance(name, port, true);
  }

  private Path instance(String name, int port, boolean throughProxy) throws Exception {
    JsonObject source = new JsonObject().put("type", "rpc").put("url", server.url()).put("startSlot", FIRST_SLOT)
        .put("pollIntervalMs", 50).put("headers", new JsonObject().put(SolanaRpcServer.CLIENT_HEADER, name));
    JsonObject config = config(port, new JsonObject().put("batchSize", 200).put("flushIntervalMs", 100),
        new JsonObject().put("outboxSize", 100).put("standby", true).put("source", source));
    if (!throughProxy) {
      config.getJsonObject("pg").put("port", db.options().getPort());
    }
    return write(name + ".json", config.put("health", new JsonObject().put("sourceLagMs", 10L * 365 * 86_400_000)));
  }

  private long checkpoint() {
    var rows = db.query("SELECT position FROM swap_checkpoints WHERE source_id = 'solana'");
    return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
  }

  @Test
  void theStandbyTakesOverFromTheCheckpointWhenTheLeaderIsKilled() throws Exception {
    NavigableMap<Long, JsonObject> chain = TestChain.serve(server, FIRST_SLOT, 2_000);
    int portA = ServiceProcess.freePort();
    int portB = ServiceProcess.freePort();
    try (ServiceProcess a = ServiceProcess.start(instance("A", portA), portA)) {
      a.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("leader", a.role()));
      ServiceProcess b = ServiceProcess.start(instance("B", portB), portB);
      b.awaitHealthy(Duration.ofSeconds(30));
      assertEquals("standby", b.role(), "a standby is ready");
      assertEquals(0.0, b.metric("swap_source_leader{source=\"solana\"}"));
      a.awaitAsserted(Duration.ofSeconds(60), () -> assertTrue(checkpoint() >= 300, "checkpoint " + checkpoint()));
      assertEquals(0, server.httpRequestsFrom("B"), "the standby has not read");

      long killedAt = System.nanoTime();
      a.kill();
      long readByA = server.httpRequestsFrom("A");
      var busiest = db.query("SELECT base_mint, count(*) FROM swap_events GROUP BY 1 ORDER BY 2 DESC LIMIT 1").get(0);
      b.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("leader", b.role()));
      // the new leader's counters start from what the old one stored, not from zero
      b.awaitAsserted(Duration.ofSeconds(30), () -> {
        JsonObject windows = new JsonObject(b.get("/mints/" + busiest.getString(0) + "/stats")).getJsonObject("windows");
        assertTrue(windows != null && windows.getJsonObject("5m").getLong("trades") >= busiest.getLong(1),
            "counted before the failover: " + busiest.getLong(1) + ", after: " + windows);
      });
      long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
      b.awaitAsserted(Duration.ofSeconds(120), () -> assertEquals(chain.size(), checkpoint()));
      assertEquals(readByA, server.httpRequestsFrom("A"), "the killed leader read nothing after");
      assertTrue(takeoverMs < 10_000, "taken over in " + takeoverMs + " ms");
      System.out.println("standby took over " + takeoverMs + " ms after the leader's SIGKILL");
      assertEquals(0, b.terminate(Duration.ofSeconds(60)), b::output);
      b.close();
    }
    assertEquals(TestChain.keysOf(chain), Replay.storedKeys(db));
  }

  @Test
  void aLeaderCutFromTheDatabaseStopsReadingAndTheStandbyGoesOn() throws Exception {
    NavigableMap<Long, JsonObject> chain = TestChain.serve(server, FIRST_SLOT, 2_000);
    int portA = ServiceProcess.freePort();
    int portB = ServiceProcess.freePort();
    try (ServiceProcess a = ServiceProcess.start(instance("A", portA), portA)) {
      a.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("leader", a.role()));
      try (ServiceProcess b = ServiceProcess.start(instance("B", portB, false), portB)) {
        b.awaitHealthy(Duration.ofSeconds(30));
        a.awaitAsserted(Duration.ofSeconds(60), () -> assertTrue(checkpoint() >= 200, "checkpoint " + checkpoint()));

        proxy.cut();
        b.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("leader", b.role()));
        // cut off, it cannot take the lead back: it tries to reach the database
        a.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("connecting", a.role()));
        long readByA = server.httpRequestsFrom("A");
        b.awaitAsserted(Duration.ofSeconds(120), () -> assertEquals(chain.size(), checkpoint()));
        assertEquals(readByA, server.httpRequestsFrom("A"), "the cut leader stopped reading");

        proxy.restore();
        a.awaitHealthy(Duration.ofSeconds(30));
        assertEquals("standby", a.role(), "back, it stands by: the other leads");
        assertEquals(0, b.terminate(Duration.ofSeconds(60)), b::output);
      }
      assertEquals(0, a.terminate(Duration.ofSeconds(60)), a::output);
    }
    assertEquals(TestChain.keysOf(chain), Replay.storedKeys(db));
  }

  /**
   * The leader's link to the database freezes (no FIN, no RST: its lock's session stays alive on the
   * server): its lease runs out and the standby takes over within 15 s; after the heal the old leader
   * stands by, and every swap is stored once.
   */
  @Test
  void aLeaderWhoseLinkFreezesIsReplacedOnceItsLeaseRunsOut() throws Exception {
    takeOverFromAnUnresponsiveLeader(proxy::freeze, proxy::thaw, "its link to the database frozen");
  }

  /** The leader's process stops (SIGSTOP: a long GC pause, a frozen VM) and, after the takeover, goes on (SIGCONT). */
  @Test
  void aStoppedLeaderIsReplacedOnceItsLeaseRunsOutAndStandsByWhenItWakes() throws Exception {
    ServiceProcess[] leader = new ServiceProcess[1];
    takeOverFromAnUnresponsiveLeader(() -> leader[0].signal("STOP"), () -> leader[0].signal("CONT"),
        "its process stopped", leader);
  }

  private interface Fault {
    void apply() throws Exception;
  }

  private void takeOverFromAnUnresponsiveLeader(Fault fault, Fault heal, String what, ServiceProcess... holder)
      throws Exception {
    NavigableMap<Long, JsonObject> chain = TestChain.serve(server, FIRST_SLOT, 2_000);
    int portA = ServiceProcess.freePort();
    int portB = ServiceProcess.freePort();
    try (ServiceProcess a = ServiceProcess.start(instance("A", portA), portA)) {
      if (holder.length > 0) {
        holder[0] = a;
      }
      a.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("leader", a.role()));
      try (ServiceProcess b = ServiceProcess.start(instance("B", portB, false), portB)) {
        b.awaitHealthy(Duration.ofSeconds(30));
        a.awaitAsserted(Duration.ofSeconds(60), () -> assertTrue(checkpoint() >= 200, "checkpoint " + checkpoint()));

        long faultAt = System.nanoTime();
        fault.apply();
        b.awaitAsserted(Duration.ofSeconds(30), Duration.ofMillis(200), () -> assertEquals("leader", b.role()));
        long takeoverMs = (System.nanoTime() - faultAt) / 1_000_000;
        System.out.println("the standby led " + takeoverMs + " ms after the leader had " + what);
        assertTrue(takeoverMs < 15_000, "taken over in " + takeoverMs + " ms");
        long readByA = server.httpRequestsFrom("A");
        b.awaitAsserted(Duration.ofSeconds(120), () -> assertEquals(chain.size(), checkpoint()));

        heal.apply();
        a.awaitAsserted(Duration.ofSeconds(60), () -> assertEquals("standby", a.role()));
        // until its next renewal fails the woken leader may read on; what it writes is fenced off
        long readWhenStandingBy = server.httpRequestsFrom("A");
        System.out.println("requests of the old leader after the takeover: " + (readWhenStandingBy - readByA));
        b.awaitAsserted(Duration.ofSeconds(10), () -> assertTrue(b.metric("swap_source_leader{source=\"solana\"}") > 0));
        assertEquals(0.0, a.metric("swap_source_leader{source=\"solana\"}"), "one leader");
        assertEquals(0, b.terminate(Duration.ofSeconds(60)), b::output);
        assertEquals(readWhenStandingBy, server.httpRequestsFrom("A"), "standing by, it reads nothing");
      }
      assertEquals(0, a.terminate(Duration.ofSeconds(60)), a::output);
    }
    assertEquals(TestChain.keysOf(chain), Replay.storedKeys(db));
  }
}
