package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.GeyserServer;
import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar following a Yellowstone gRPC stream (issue #23): through silence, a cut in the middle of
 * a slot, a slot replayed twice across a reconnect, a lag cut, three SIGKILLs and a replay the
 * server refuses (read over the provider's JSON-RPC); at {@code processed}, a fork and a dead slot;
 * a standby pair on one stream. Each is judged by the exact rows stored (key, slot, block time)
 * and where the checkpoint stands.
 */
class GrpcEndToEndIT extends ProxiedDatabaseIT {

  private static final long FIRST_SLOT = 340_000_000;
  private static final String TOKEN = "e2e-x-token-7f3a9c41d2";
  private static final int BLOCKS_PER_SECOND = 25;
  /** Short, so that a silent stream is dropped within the test's time. */
  private static final long WATCHDOG_MS = 2_000;
  private static final Duration CATCH_UP = Duration.ofSeconds(20);
  private static final String LAGGED = "swap_source_grpc_reconnects_total{cause=\"lagged\",source=\"solana\"}";
  private static final String GAPS_FILLED = "swap_source_grpc_gaps_filled_total{source=\"solana\"}";

  @RegisterExtension
  final GeyserServer geyser = GeyserServer.start().requireToken(TOKEN);
  @RegisterExtension
  final SolanaRpcServer rpc = SolanaRpcServer.start();
  /** Three swaps and two votes a block (the server filters the votes out). */
  private final ChainBuilder chain = TestChain.builder(FIRST_SLOT, 3);

  /**
   * The service streaming from {@link #FIRST_SLOT} at {@code commitment}, gaps read from the
   * provider's JSON-RPC; a small flusher queue and outbox, so that a database away soon pauses the
   * stream.
   */
  private Path grpcConfig(String name, int port, String commitment, boolean standby) throws IOException {
    JsonObject source = new JsonObject().put("type", "grpc").put("endpoint", geyser.url()).put("xToken", TOKEN)
        .put("commitment", commitment).put("sourceId", "solana").put("startSlot", FIRST_SLOT)
        .put("watchdogMs", WATCHDOG_MS).put("reconnectMinMs", 50).put("reconnectMaxMs", 500)
        .put("rpc", new JsonObject().put("url", rpc.url()).put("pollIntervalMs", 50));
    JsonObject config = config(port, new JsonObject().put("maxQueue", 150).put("batchSize", 200)
            .put("flushIntervalMs", 50).put("retryMaxMs", 300),
        new JsonObject().put("outboxSize", 50).put("retryMinMs", 10).put("retryMaxMs", 50).put("standby", standby)
            .put("source", source));
    // the test chain's blocks carry block times of years ago: not what these tests are about
    return write(name + ".json", config.put("health", new JsonObject().put("sourceLagMs", 10L * 365 * 86_400_000)));
  }

  /** Starts the jar (not standing by) and waits until it has opened a Subscribe call. */
  private ServiceProcess start(Path config, int port) throws IOException {
    int calls = geyser.calls();
    ServiceProcess service = ServiceProcess.start(config, port);
    service.awaitAsserted(Duration.ofSeconds(30), () -> assertTrue(geyser.calls() > calls, "subscribed"));
    return service;
  }

  /** Waits until the checkpoint has reached the block the feed sent last when called. */
  private void awaitCaughtUp(ServiceProcess service, GeyserFeed feed) {
    long target = feed.lastSlot();
    service.awaitAsserted(CATCH_UP, Duration.ofMillis(100), () -> assertTrue(cursor() != null
        && cursor().getLong("slot") >= target, "checkpoint " + cursor() + ", waiting for slot " + target));
  }

  /** Waits until the service has opened a Subscribe call after the first {@code calls}. */
  private void awaitSubscribedAgain(ServiceProcess service, int calls) {
    service.awaitAsserted(Duration.ofSeconds(15), () -> assertTrue(geyser.calls() > calls && geyser.subscribers() == 1,
        "calls " + geyser.calls() + ", subscribers " + geyser.subscribers()));
  }

  /** Waits until the service has read a gap over JSON-RPC and attached to the stream again. */
  private void awaitGapFilled(ServiceProcess service) {
    service.awaitAsserted(CATCH_UP, () -> assertEquals(1.0, service.metric(GAPS_FILLED), "the gap not read yet"));
  }

  /** The token travels in a header only: never in the log, nor in what the service answers. */
  private void assertTokenShownNowhere(ServiceProcess service) {
    for (String path : List.of("/health", "/api/status", "/metrics")) {
      String body = service.get(path);
      assertTrue(body != null && !body.contains(TOKEN), path + " shows the x-token: " + body);
    }
    assertFalse(service.output().contains(TOKEN), "the log shows the x-token");
  }

  @Test
  void everySwapOnceThroughStreamFaultsAndThreeSigkills() throws Exception {
    int port = ServiceProcess.freePort();
    Path config = grpcConfig("service", port, "confirmed", false);
    List<String> report = new ArrayList<>();
    try (GeyserFeed feed = new GeyserFeed(geyser, rpc, chain, SlotStatus.SLOT_PROCESSED, SlotStatus.SLOT_CONFIRMED)) {
      ServiceProcess service = start(config, port);
      try {
        feed.start(BLOCKS_PER_SECOND);
        awaitCaughtUp(service, feed);

        long started = System.nanoTime();
        Runnable phase = () -> report.add(String.format("%.1f s: checkpoint at slot %s, fed through %d",
            (System.nanoTime() - started) / 1e9, cursor() == null ? null : cursor().getLong("slot"), feed.lastSlot()));
        cutMidSlot(service, feed);
        phase.run();
        silence(service, feed);
        phase.run();
        replayTwice(service, feed);
        phase.run();
        lagCut(service, feed);
        phase.run();
        assertTokenShownNowhere(service);

        for (int kill = 1; kill <= 3; kill++) {
          // mid-stream: caught up a moment ago, the feed going on, blocks on their way through the process
          service.kill();
          JsonObject checkpoint = cursor();
          report.add("kill " + kill + ": checkpoint at slot " + checkpoint.getLong("slot"));
          service.close();
          long getBlocks = rpc.requests("getBlock");
          if (kill == 2) {
            // the server forgets the slots after the checkpoint: the restart's from_slot is refused
            long kept = checkpoint.getLong("slot") + 30;
            service.awaitAsserted(CATCH_UP, () -> assertTrue(feed.lastSlot() > kept));
            geyser.keepFrom(kept);
          }
          service = start(config, port);
          phase.run();
          awaitCaughtUp(service, feed);
          if (kill == 2) {
            awaitGapFilled(service);
            assertTrue(rpc.requests("getBlock") > getBlocks, "the gap read over JSON-RPC");
          }
          assertTokenShownNowhere(service);
          phase.run();
        }

        feed.stop();
        NavigableMap<Long, JsonObject> sent = feed.sent();
        awaitStored(service, sent, CATCH_UP);
        phase.run();
        assertTokenShownNowhere(service);
        assertEquals(0, service.terminate(Duration.ofSeconds(30)), service::output);
        phase.run();
        report.add(sent.size() + " blocks, " + rows() + " rows, " + geyser.calls() + " Subscribe calls");
      } finally {
        service.close();
        report.forEach(System.out::println);
      }
    }
  }

  /** A cut mid-slot: half the slot came on the old stream, all of it comes on the new one. */
  private void cutMidSlot(ServiceProcess service, GeyserFeed feed) {
    int calls = geyser.calls();
    feed.cutMidSlot();
    awaitSubscribedAgain(service, calls);
    awaitCaughtUp(service, feed);
  }

  /** Silence with the call left open: the watchdog drops it and subscribes again. */
  private void silence(ServiceProcess service, GeyserFeed feed) {
    int calls = geyser.calls();
    geyser.goSilent();
    awaitSubscribedAgain(service, calls);
    geyser.speak();
    awaitCaughtUp(service, feed);
  }

  /** From here on every replay starts 20 slots early: blocks already handed on come a second time. */
  private void replayTwice(ServiceProcess service, GeyserFeed feed) {
    geyser.replayEarlierBy(20);
    int calls = geyser.calls();
    geyser.cut();
    awaitSubscribedAgain(service, calls);
    awaitCaughtUp(service, feed);
  }

  /**
   * The database away, the flusher and the outbox fill, the source pauses, HTTP/2 flow control
   * holds the server's writes back: the server ends the slow client's call. The client learns it
   * once it reads again (the call's end waits behind what it has not read), then resumes.
   */
  private void lagCut(ServiceProcess service, GeyserFeed feed) {
    geyser.lagCutAfterQueued(100);
    proxy.cut();
    service.awaitAsserted(CATCH_UP, Duration.ofMillis(200), () -> assertEquals(0, geyser.subscribers(),
        "the slow client not cut yet: " + String.valueOf(service.get("/metrics")).lines()
            .filter(line -> line.matches("swap_(outbox|source_grpc_messages).*")).toList()));
    geyser.lagCutAfterQueued(Integer.MAX_VALUE);
    proxy.restore();
    service.awaitAsserted(CATCH_UP, Duration.ofMillis(200), () -> assertTrue(service.metric(LAGGED) >= 1,
        "the client not told it lagged"));
    awaitCaughtUp(service, feed);
  }

  @Test
  void atProcessedTheRowsOfAnAbandonedBranchAndOfADeadSlotAreDeleted() throws Exception {
    int port = ServiceProcess.freePort();
    try (ServiceProcess service = start(grpcConfig("service", port, "processed", false), port)) {
      NavigableMap<Long, JsonObject> first = stream(chain.next(30));
      awaitStored(service, first, CATCH_UP);

      // a branch from before the last two blocks, handed on and stored: their rows go, the branch's come
      long forkSlot = first.lowerKey(first.lastKey());
      ChainBuilder branchBuilder = chain.fork(forkSlot);
      NavigableMap<Long, JsonObject> branch = stream(branchBuilder.next((int) (first.lastKey() - forkSlot) + 10));
      NavigableMap<Long, JsonObject> onBranch = TestChain.joined(first.headMap(forkSlot, false), branch);
      awaitStored(service, onBranch, CATCH_UP);

      // the branch's last block, handed on and stored, then dead: its rows go, and the chain goes on
      // from its parent
      long dead = branch.lastKey();
      geyser.sendSlot(dead, branch.get(dead).getLong("parentSlot"), SlotStatus.SLOT_DEAD);
      NavigableMap<Long, JsonObject> after = stream(branchBuilder.fork(dead)
          .skip(slot -> slot == dead || slot % 5 == 0).next(10));
      NavigableMap<Long, JsonObject> chainNow = TestChain.joined(onBranch.headMap(dead, false), after);
      awaitStored(service, chainNow, CATCH_UP);
      assertTrue(service.output().contains("Slot " + dead + " died"), service::output);
      assertEquals(0, service.terminate(Duration.ofSeconds(30)), service::output);
    }
  }

  @Test
  void aStandbyTakesOverTheStreamFromTheCheckpointWhenTheLeaderIsKilled() throws Exception {
    int portA = ServiceProcess.freePort();
    int portB = ServiceProcess.freePort();
    // started together: whichever takes the lock first leads
    try (GeyserFeed feed = new GeyserFeed(geyser, rpc, chain, SlotStatus.SLOT_PROCESSED, SlotStatus.SLOT_CONFIRMED);
        ServiceProcess a = ServiceProcess.start(grpcConfig("A", portA, "confirmed", true), portA);
        ServiceProcess b = ServiceProcess.start(grpcConfig("B", portB, "confirmed", true), portB)) {
      a.awaitHealthy(Duration.ofSeconds(30));
      b.awaitHealthy(Duration.ofSeconds(30));
      ServiceProcess leader = "leader".equals(a.role()) ? a : b;
      ServiceProcess standby = leader == a ? b : a;
      assertEquals(List.of("leader", "standby"), List.of(leader.role(), standby.role()));
      feed.start(BLOCKS_PER_SECOND);
      awaitCaughtUp(leader, feed);
      assertFalse(standby.output().contains("Subscribed to"), "the standby has not subscribed");
      assertEquals(1, geyser.subscribers());

      leader.kill();
      JsonObject checkpoint = cursor();
      int calls = geyser.calls();
      standby.awaitAsserted(Duration.ofSeconds(15), () -> assertEquals("leader", standby.role()));
      awaitSubscribedAgain(standby, calls);
      List<Long> fromSlots = geyser.requests().stream().filter(SubscribeRequest::hasFromSlot)
          .map(SubscribeRequest::getFromSlot).toList();
      assertEquals(checkpoint.getLong("slot") + 1, fromSlots.get(fromSlots.size() - 1),
          "the standby resumes after the checkpoint it found: " + fromSlots);

      awaitCaughtUp(standby, feed);
      feed.stop();
      awaitStored(standby, feed.sent(), CATCH_UP);
      assertEquals(0, standby.terminate(Duration.ofSeconds(30)), standby::output);
    }
  }

  /** Streams {@code blocks} as processed; returns them. */
  private NavigableMap<Long, JsonObject> stream(NavigableMap<Long, JsonObject> blocks) {
    blocks.forEach((slot, block) -> geyser.sendBlock(slot, block, SlotStatus.SLOT_PROCESSED));
    return blocks;
  }
}
