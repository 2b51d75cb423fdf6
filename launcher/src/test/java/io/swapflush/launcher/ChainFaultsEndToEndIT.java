package io.swapflush.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.swapflush.event.Alert;
import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.RpcFault;
import io.swapflush.testsupport.SolanaRpcServer;
import io.swapflush.testsupport.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rpc source where the chain meets the process's lifecycle (issue #20), against the packaged
 * jar: a fork served while the service is stopped, or while its leader dies, or met again after
 * SIGKILLs in the middle of its rewind; a provider whose blocks do not link up; a rewind meeting a
 * flusher that refuses blocks; blocks whose swaps would be lost without a word. Each is judged by
 * the exact set of rows stored and where the checkpoint stands.
 */
class ChainFaultsEndToEndIT extends ProxiedDatabaseIT {

  private static final long FIRST_SLOT = 330_000_000;
  private static final String FORKS = "swap_rpc_forks_total{source=\"solana\"}";
  /** What the log says when a block does not follow the last one read. */
  private static final String FORK_SEEN = "does not follow the last block read";
  /** How long each block header of a walk back takes when the test makes the walk slow. */
  private static final Duration SLOW_HEADER = Duration.ofSeconds(2);

  @RegisterExtension
  final SolanaRpcServer server = SolanaRpcServer.start();
  /** The test's chain, to serve in parts and fork. */
  private final ChainBuilder builder = TestChain.builder(FIRST_SLOT);

  /**
   * The service reading the test chain from {@link #FIRST_SLOT} (polling the head every 50 ms), with
   * {@code source} and {@code flusher} keys added to or overriding the defaults.
   */
  private Path rpcConfig(String name, int port, JsonObject source, JsonObject flusher, boolean standby)
      throws IOException {
    JsonObject rpc = new JsonObject().put("type", "rpc").put("url", server.url()).put("startSlot", FIRST_SLOT)
        .put("pollIntervalMs", 50).put("requestTimeoutMs", 10_000).mergeIn(source);
    JsonObject config = config(port,
        new JsonObject().put("batchSize", 200).put("flushIntervalMs", 100).put("retryMaxMs", 500).mergeIn(flusher),
        new JsonObject().put("outboxSize", 100).put("retryMaxMs", 200).put("standby", standby).put("source", rpc));
    // the test chain's blocks carry block times of years ago: not what these tests are about
    return write(name + ".json", config.put("health", new JsonObject().put("sourceLagMs", 10L * 365 * 86_400_000)));
  }

  private Path rpcConfig(int port) throws IOException {
    return rpcConfig("service", port, new JsonObject(), new JsonObject(), false);
  }

  /** Starts the jar and waits for its tables (the service creates them once it reaches the database). */
  private ServiceProcess start(Path config, int port) throws IOException {
    ServiceProcess service = ServiceProcess.start(config, port);
    service.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals(2, db.count(
        "SELECT count(to_regclass(t)) FROM unnest(ARRAY['swap_events', 'swap_checkpoints']) t"), "the tables"));
    return service;
  }

  /** {@link #awaitStored}, then SIGTERM: the service stops with exit code 0. */
  private void awaitStoredThenStop(ServiceProcess service, NavigableMap<Long, JsonObject> chain, Duration timeout)
      throws InterruptedException {
    awaitStored(service, chain, timeout);
    assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
  }

  /**
   * Forks the served chain: its last {@code replaced} blocks give way to a branch from the block
   * before them, reaching {@code beyond} slots past the old head, which becomes the head. Returns
   * the chain now served.
   */
  private NavigableMap<Long, JsonObject> fork(NavigableMap<Long, JsonObject> served, int replaced, int beyond) {
    long forkSlot = served.descendingKeySet().stream().skip(replaced - 1).findFirst().orElseThrow();
    NavigableMap<Long, JsonObject> branch = builder.fork(forkSlot)
        .next((int) (served.lastKey() - forkSlot + 1 + beyond));
    server.replaceFrom(forkSlot, branch).setHead(branch.lastKey());
    return TestChain.joined(served.headMap(forkSlot, false), branch);
  }

  /**
   * Waits until the service has met a block that does not follow the last one it read: counted,
   * logged, or a block header asked for (a walk back) since there were {@code headersBefore}.
   */
  private void awaitForkSeen(ServiceProcess service, long headersBefore) {
    service.awaitAsserted(Duration.ofSeconds(30), () -> assertTrue(service.metric(FORKS) >= 1
        || service.output().contains(FORK_SEEN) || server.requests(SolanaRpcServer.GET_BLOCK_HEADER_ONLY) > headersBefore,
        "the fork not seen yet"));
  }

  /** Serves the next block of the test's chain (past the slots it skips) as the new head; returns it by slot. */
  private NavigableMap<Long, JsonObject> serveNextBlock() {
    NavigableMap<Long, JsonObject> blocks;
    do {
      blocks = builder.next(1);
    } while (blocks.isEmpty());
    server.addBlocks(blocks).setHead(blocks.lastKey());
    return blocks;
  }

  /** The first block after {@code slot} whose swap makes a row (not every fixture's does). */
  private static long swapAfter(NavigableMap<Long, JsonObject> blocks, long slot) {
    return blocks.tailMap(slot, false).keySet().stream()
        .filter(at -> !TestChain.keysOf(blocks.subMap(at, true, at, true)).isEmpty()).findFirst().orElseThrow();
  }

  /** A blockhash that no block the server serves has. */
  private static String hashOfNoBlock() {
    return new ChainBuilder(1, new Random(404)).next(1).firstEntry().getValue().getString("previousBlockhash");
  }

  private static String reasons(String health) {
    return health == null ? "(no answer)" : new JsonObject(health).getJsonArray("reasons", new JsonArray()).encode();
  }

  /** /health answers 503 with a reason naming one of {@code slots}. */
  private static boolean haltedAt(String health, Set<Long> slots) {
    return health != null && health.contains("\"healthy\":false")
        && slots.stream().anyMatch(slot -> reasons(health).contains(Long.toString(slot)));
  }

  @Test
  void aForkServedWhileTheServiceIsStoppedIsFollowedBackAtTheRestart() throws Exception {
    NavigableMap<Long, JsonObject> served = TestChain.serve(server, builder, 60);
    int port = ServiceProcess.freePort();
    Path config = rpcConfig(port);
    try (ServiceProcess service = start(config, port)) {
      awaitStoredThenStop(service, served, Duration.ofSeconds(60));
    }

    NavigableMap<Long, JsonObject> forked = fork(served, 3, 8);
    try (ServiceProcess service = start(config, port)) {
      awaitStoredThenStop(service, forked, Duration.ofSeconds(30));
    }
  }

  /** The message ids of the alerts a rule firing on every trade sets off in {@code blocks}: alert id and slot. */
  private static Set<String> alertMessages(NavigableMap<Long, JsonObject> blocks) {
    Set<String> ids = new TreeSet<>();
    for (String row : TestChain.rowsOf(blocks)) {
      String[] parts = row.split("\\|"); // signature, trader, mint, slot, block time
      ids.add(Alert.idOf("every-trade", parts[2], parts[0]) + "." + parts[3]);
    }
    return ids;
  }

  private static Set<String> arrived(WebhookReceiver receiver, boolean retractions) {
    Set<String> ids = new TreeSet<>();
    receiver.unique().stream().map(WebhookReceiver.Delivery::id).filter(id -> id.endsWith(".retracted") == retractions)
        .map(id -> id.replace(".retracted", "")).forEach(ids::add);
    return ids;
  }

  @Test
  void theAlertsOfAForkFoundAtTheRestartAreRetractedToTheReceiverThatHadThem() throws Exception {
    String secret = WebhookReceiver.newSecret();
    try (WebhookReceiver receiver = WebhookReceiver.start(secret)) {
      NavigableMap<Long, JsonObject> served = TestChain.serve(server, builder, 60);
      int port = ServiceProcess.freePort();
      Path plain = rpcConfig(port);
      JsonObject config = new JsonObject(Files.readString(plain));
      config.getJsonObject("processor")
          .put("triggers", new JsonArray().add(new JsonObject().put("name", "every-trade").put("metric", "trades")
              .put("above", 0).put("cooldown", "0s")))
          .put("alerts", new JsonObject().put("destinations", new JsonArray().add(new JsonObject().put("name", "hook")
              .put("type", "webhook").put("url", receiver.url("/hook")).put("secret", secret))));
      Path alerting = write("alerting.json", config);
      Set<String> before = alertMessages(served);
      try (ServiceProcess service = start(alerting, port)) {
        awaitStored(service, served, Duration.ofSeconds(60));
        service.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals(before, arrived(receiver, false)));
        assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
      }

      NavigableMap<Long, JsonObject> forked = fork(served, 3, 8);
      Set<String> abandoned = new TreeSet<>(before);
      abandoned.removeAll(alertMessages(forked));
      Set<String> after = new TreeSet<>(before);
      after.addAll(alertMessages(forked));
      try (ServiceProcess service = start(alerting, port)) {
        awaitStored(service, forked, Duration.ofSeconds(30));
        // the rewind at the restart marks the old branch's alerts withdrawn; this instance takes them
        // over from the one stopped (its heartbeat is gone) and tells the receiver that had them
        service.awaitAsserted(Duration.ofSeconds(30), () -> {
          assertEquals(abandoned, arrived(receiver, true));
          assertEquals(after, arrived(receiver, false));
        });
        service.awaitAsserted(Duration.ofSeconds(10), () -> assertEquals(0,
            db.count("SELECT count(*) FROM swap_alerts WHERE NOT settled"), "what each destination had is stored"));
        assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
      }
      assertFalse(abandoned.isEmpty(), "the fork abandoned blocks with swaps");
      assertEquals(List.of(), receiver.rejected());
    }
  }

  @Test
  void aStandbyTakingOverFromALeaderKilledAsItMetAForkFollowsTheFork() throws Exception {
    NavigableMap<Long, JsonObject> served = TestChain.serve(server, builder, 60);
    int portA = ServiceProcess.freePort();
    int portB = ServiceProcess.freePort();
    JsonObject asA = new JsonObject().put("headers", new JsonObject().put(SolanaRpcServer.CLIENT_HEADER, "A"));
    JsonObject asB = new JsonObject().put("headers", new JsonObject().put(SolanaRpcServer.CLIENT_HEADER, "B"));
    try (ServiceProcess a = start(rpcConfig("A", portA, asA, new JsonObject(), true), portA)) {
      a.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("leader", a.role()));
      try (ServiceProcess b = start(rpcConfig("B", portB, asB, new JsonObject(), true), portB)) {
        b.awaitHealthy(Duration.ofSeconds(30));
        assertEquals("standby", b.role());
        awaitStored(a, served, Duration.ofSeconds(60));

        // the leader meets the fork, and dies walking it back (each header takes 2 s)
        server.misbehave(SolanaRpcServer.GET_BLOCK_HEADER_ONLY, 1_000, RpcFault.delay(SLOW_HEADER));
        long headers = server.requests(SolanaRpcServer.GET_BLOCK_HEADER_ONLY);
        NavigableMap<Long, JsonObject> forked = fork(served, 3, 8);
        awaitForkSeen(a, headers);
        a.kill();
        server.behave();

        b.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals("leader", b.role()));
        awaitStoredThenStop(b, forked, Duration.ofSeconds(30));
      }
    }
  }

  @Test
  void sigkillsInTheMiddleOfARewindLeaveEveryRowOfTheNewBranchOnceAndNoneOfTheOld() throws Exception {
    NavigableMap<Long, JsonObject> served = TestChain.serve(server, builder, 60);
    int port = ServiceProcess.freePort();
    Path config = rpcConfig(port);
    List<String> report = new ArrayList<>();
    ServiceProcess service = start(config, port);
    try {
      awaitStored(service, served, Duration.ofSeconds(60));
      // 6 blocks deep, each header of the walk back 2 s: a SIGKILL finds the source in the middle of it
      server.misbehave(SolanaRpcServer.GET_BLOCK_HEADER_ONLY, 10_000, RpcFault.delay(SLOW_HEADER));
      long headers = server.requests(SolanaRpcServer.GET_BLOCK_HEADER_ONLY);
      NavigableMap<Long, JsonObject> forked = fork(served, 6, 10);
      for (int kill = 1; kill <= 3; kill++) {
        awaitForkSeen(service, headers);
        service.kill();
        report.add("kill " + kill + ": checkpoint " + cursor() + ", " + rows() + " rows");
        service.close();
        headers = server.requests(SolanaRpcServer.GET_BLOCK_HEADER_ONLY);
        service = start(config, port);
      }
      server.behave();
      awaitStoredThenStop(service, forked, Duration.ofSeconds(30));
    } finally {
      service.close();
      report.forEach(System.out::println);
    }
  }

  @Test
  void aBlockWhoseParentHashMatchesNoBlockHaltsTheSourceUntilTheProviderServesTheRightOne() throws Exception {
    NavigableMap<Long, JsonObject> blocks = TestChain.serve(server, builder, 40);
    long bad = blocks.higherKey(FIRST_SLOT + 20);
    long parent = blocks.get(bad).getLong("parentSlot");
    server.addBlock(bad, blocks.get(bad).copy().put("previousBlockhash", hashOfNoBlock()));

    haltsAtBoundedCostThenGoesOnOnceFixed(blocks, Set.of(bad, parent), () -> server.addBlock(bad, blocks.get(bad)));
  }

  @Test
  void aBlockThatTheListingKeepsOmittingIsReadBecauseItsChildNamesIt() throws Exception {
    NavigableMap<Long, JsonObject> blocks = TestChain.serve(server, builder, 40);
    long omitted = blocks.higherKey(FIRST_SLOT + 20);
    long next = blocks.higherKey(omitted);
    assertEquals(omitted, blocks.get(next).getLong("parentSlot"));
    server.unlist(omitted);

    int port = ServiceProcess.freePort();
    try (ServiceProcess service = start(rpcConfig(port), port)) {
      awaitStored(service, blocks, Duration.ofSeconds(60));
      // the chain, not the listing, says the block is there: read once, not looped over
      assertTrue(server.requests("getBlock") < 3L * blocks.size(), "getBlock requests: " + server.requests("getBlock"));
      assertTrue(service.output().contains("getBlocks did not list slot(s) [" + omitted + "]"), service::output);
    }
  }

  /**
   * Against a provider serving {@code chain} inconsistently about one of {@code slots}: within 60 s
   * the source halts, /health 503 naming the slot; while halted, fewer than 30 getBlock requests in
   * 20 s; once {@code fixProvider} has run, it goes on within 40 s to every row of the chain.
   */
  private void haltsAtBoundedCostThenGoesOnOnceFixed(NavigableMap<Long, JsonObject> chain, Set<Long> slots,
      Runnable fixProvider) throws Exception {
    int port = ServiceProcess.freePort();
    try (ServiceProcess service = start(rpcConfig(port), port)) {
      long started = System.nanoTime();
      service.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(250), () -> {
        String health = service.get("/health");
        assertTrue(haltedAt(health, slots), () -> String.format("/health should be 503 naming slot %s; after %.0f s "
            + "it answers %s; %d getBlock requests so far (%d header-only), %.0f forks, %s", slots,
            (System.nanoTime() - started) / 1e9, reasons(health), server.requests("getBlock"),
            server.requests(SolanaRpcServer.GET_BLOCK_HEADER_ONLY), service.metric(FORKS),
            difference(TestChain.keysOf(chain), Replay.storedKeys(db))));
      });

      long before = server.requests("getBlock");
      try {
        await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
            .until(() -> haltedAt(service.get("/health"), slots));
      } catch (ConditionTimeoutException e) {
        fail("halted at slot " + slots + ", then not: " + reasons(service.get("/health")));
      }
      long requests = server.requests("getBlock") - before;
      System.out.println("getBlock requests in 20 s while halted: " + requests);
      assertTrue(requests < 30, "getBlock requests in 20 s while halted: " + requests);

      fixProvider.run();
      awaitStored(service, chain, Duration.ofSeconds(40));
    }
  }

  @Test
  void aRewindIsNotOvertakenByABlockTheFullFlusherRefused() throws Exception {
    NavigableMap<Long, JsonObject> served = TestChain.serve(server, builder, 30);
    int port = ServiceProcess.freePort();
    // the flusher holds one event: while the database is away, one block fills it and the next is refused
    JsonObject oneEvent = new JsonObject().put("maxQueue", 1);
    try (ServiceProcess service = start(rpcConfig("service", port, new JsonObject(), oneEvent, false), port)) {
      awaitStored(service, served, Duration.ofSeconds(60));
      proxy.cut();

      // two more blocks, the first answered 3 s late: the source gets it once it has the second and the
      // fork's first block, and in one turn of its loop hands both on and rewinds (the fork's parent is
      // a block it has read). The flusher takes the first, refuses the second (full: the database is
      // away) and takes the rewind: the second must not be written after it
      long requested = server.requests("getBlock");
      server.misbehave("getBlock", RpcFault.delay(Duration.ofSeconds(3)));
      long late = serveNextBlock().firstKey();
      service.awaitAsserted(Duration.ofSeconds(10), () -> assertEquals(requested + 1, server.requests("getBlock")));
      NavigableMap<Long, JsonObject> second = serveNextBlock();
      long refused = second.firstKey();
      assertFalse(TestChain.keysOf(second).isEmpty(), "the block to be refused makes a row");
      service.awaitAsserted(Duration.ofSeconds(10), () -> assertEquals(requested + 2, server.requests("getBlock")));

      // the fork leaves out both: its first block's parent is the block before them, one the source has read
      NavigableMap<Long, JsonObject> branch = builder.fork(late).skip(slot -> slot <= refused || slot % 5 == 0)
          .next((int) (refused - late) + 12);
      long headers = server.requests(SolanaRpcServer.GET_BLOCK_HEADER_ONLY);
      server.replaceFrom(late, branch).setHead(branch.lastKey());
      awaitForkSeen(service, headers);

      proxy.restore();
      awaitStored(service, TestChain.joined(served, branch), Duration.ofSeconds(30));
    }
  }

  @Test
  void aBlockWithATransactionMissingItsStatusOrWithAFieldOfTheWrongTypeHoldsTheSourceUntilItIsServedWhole()
      throws Exception {
    NavigableMap<Long, JsonObject> blocks = TestChain.serve(server, builder, 40);
    long noMeta = swapAfter(blocks, FIRST_SLOT + 10);
    long wrongType = swapAfter(blocks, FIRST_SLOT + 25);
    server.addBlock(noMeta, withBrokenSwap(blocks.get(noMeta), swap -> swap.remove("meta")));
    server.addBlock(wrongType, withBrokenSwap(blocks.get(wrongType),
        swap -> swap.getJsonObject("meta").put("preBalances", "0")));
    int port = ServiceProcess.freePort();
    try (ServiceProcess service = start(rpcConfig(port), port)) {
      awaitHaltedAt(service, blocks, noMeta, "its swap has no meta", Duration.ofSeconds(30));
      server.addBlock(noMeta, blocks.get(noMeta));
      awaitHaltedAt(service, blocks, wrongType, "its swap's meta.preBalances is a string", Duration.ofSeconds(45));
      server.addBlock(wrongType, blocks.get(wrongType));
      awaitStored(service, blocks, Duration.ofSeconds(40));
    }
  }

  /** A copy of {@code block} whose swap (after the two votes) {@code breaking} has changed. */
  private static JsonObject withBrokenSwap(JsonObject block, Consumer<JsonObject> breaking) {
    JsonObject broken = block.copy();
    breaking.accept(broken.getJsonArray("transactions").getJsonObject(2));
    return broken;
  }

  /** Waits for /health 503 naming {@code slot}, whose block is served broken ({@code how}). */
  private void awaitHaltedAt(ServiceProcess service, NavigableMap<Long, JsonObject> chain, long slot, String how,
      Duration timeout) {
    Set<String> keysOfSlot = TestChain.keysOf(chain.subMap(slot, true, slot, true));
    service.awaitAsserted(timeout, Duration.ofMillis(250), () -> {
      String health = service.get("/health");
      assertTrue(haltedAt(health, Set.of(slot)), () -> "/health should be 503 naming slot " + slot + " while " + how
          + "; it answers " + reasons(health) + "; checkpoint " + cursor() + ", the swap of slot " + slot
          + (Replay.storedKeys(db).containsAll(keysOfSlot) ? " stored" : " not stored") + ", "
          + difference(TestChain.keysOf(chain), Replay.storedKeys(db)));
    });
  }

  @Test
  void aBackfillEndsOnlyWithItsLastBlockEvenWhenTheListingOmitsIt() throws Exception {
    NavigableMap<Long, JsonObject> blocks = TestChain.serve(server, builder, 40);
    long endSlot = swapAfter(blocks, FIRST_SLOT + 30);
    NavigableMap<Long, JsonObject> range = blocks.headMap(endSlot, true);
    server.unlist(endSlot);
    int port = ServiceProcess.freePort();
    Path config = rpcConfig("backfill", port, new JsonObject().put("endSlot", endSlot), new JsonObject(), false);
    try (ServiceProcess service = start(config, port)) {
      // the end of the range is confirmed by its block: getBlock serves it, so it is read
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service::output);
      assertTrue(service.output().contains("getBlocks did not list slot " + endSlot), service::output);
    }
    assertEquals(endSlot, cursor().getLong("slot"));
    assertEquals(TestChain.keysOf(range), Replay.storedKeys(db));
  }
}
