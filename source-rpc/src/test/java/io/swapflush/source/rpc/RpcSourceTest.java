package io.swapflush.source.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.parse.TransactionParser;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.source.SourceReport;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.RealSizeBlocks;
import io.swapflush.testsupport.RpcError;
import io.swapflush.testsupport.RpcFault;
import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rpc source against a JSON-RPC server that speaks Solana's methods and errors, with a stand-in
 * for the flusher's side of the event bus: every block once, in slot order, through provider faults,
 * forks and restarts.
 */
@ExtendWith(VertxExtension.class)
class RpcSourceTest {

  private static final long FIRST_SLOT = 250_000_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<TransactionEvents> received = new CopyOnWriteArrayList<>();
  private final List<JsonObject> swaps = BlockTransactions.jsonEncodedSwaps();
  @RegisterExtension
  final SolanaRpcServer server = SolanaRpcServer.start();
  /** What the stand-in answers before it has taken any message. */
  private SourceCheckpoint stored = SourceCheckpoint.START;

  /** Every 7th slot skipped; each block a swap with a fresh signature among votes. */
  private ChainBuilder chain() {
    Random random = new Random(42);
    List<JsonObject> votes = BlockTransactions.votes();
    return new ChainBuilder(FIRST_SLOT, random).skip(slot -> slot % 7 == 0).transactions(slot -> {
      List<JsonObject> entries = new ArrayList<>(votes);
      entries.add(BlockTransactions.withFreshSignature(swaps.get((int) (slot % swaps.size()))));
      return entries;
    });
  }

  private NavigableMap<Long, JsonObject> serve(ChainBuilder chain, int slots) {
    NavigableMap<Long, JsonObject> blocks = chain.next(slots);
    server.addBlocks(blocks).setHead(blocks.lastKey());
    return blocks;
  }

  /** The events the parser finds in the blocks, as keys. */
  private static Set<String> expectedKeys(Map<Long, JsonObject> blocks) {
    TransactionParser parser = new TransactionParser(1 << 24);
    Set<String> keys = new TreeSet<>();
    blocks.forEach((slot, block) -> block.getJsonArray("transactions").forEach(entry -> {
      JsonObject tx = ((JsonObject) entry).copy().put("slot", slot).put("blockTime", block.getValue("blockTime"));
      // the real blocks' votes have no status: nothing to parse
      if (tx.getValue("meta") != null
          && parser.outcome(parser.split(tx.encode()).get(0)) instanceof TransactionOutcome.Parsed parsed) {
        parsed.transaction().events().forEach(e -> keys.add(key(e)));
      }
    }));
    return keys;
  }

  private static String key(SwapEvent e) {
    return e.signature() + "|" + e.trader() + "|" + e.baseMint() + "|" + e.slot();
  }

  private Set<String> receivedKeys() {
    Set<String> keys = new TreeSet<>();
    received.stream().filter(m -> !m.isRewind()).forEach(m -> m.events().forEach(e -> keys.add(key(e))));
    return keys;
  }

  private List<Long> receivedSlots() {
    return received.stream().filter(m -> !m.isRewind()).map(m -> new JsonObject(m.cursor()).getLong("slot")).toList();
  }

  private RpcSettings rpc(Long startSlot, Long endSlot, int maxSupportedVersion) {
    return new RpcSettings(server.url() + "/secret-key", "solana", "confirmed", startSlot, endSlot, 4, 0, Map.of(),
        maxSupportedVersion, 5_000, 50, 64 << 20);
  }

  /** The flusher's side: takes every message, durable at once; answers the checkpoint stored before any. */
  private String deploy(Vertx vertx, SourceSettings source) {
    HandOffCodec.registerOn(vertx);
    vertx.eventBus().<HandOff>consumer(Addresses.EVENTS, message -> {
      received.addAll(message.body().transactions());
      message.reply(null);
    });
    vertx.eventBus().<String>consumer(Addresses.CHECKPOINTS, query -> query.reply(durable().toJson()));
    return deployProcessor(vertx, source);
  }

  private String deployProcessor(Vertx vertx, SourceSettings source) {
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    return Await.result(vertx.deployVerticle(new ProcessorVerticle(new ProcessorSettings(source, 100, 5, 50, 1 << 24,
        10_000, d.windows(), d.maxMints(), d.triggers()), registry)));
  }

  private SourceCheckpoint durable() {
    List<TransactionEvents> blocks = received.stream().filter(m -> !m.isRewind()).toList();
    if (blocks.isEmpty()) {
      return stored;
    }
    TransactionEvents last = blocks.get(blocks.size() - 1);
    return new SourceCheckpoint(last.position(), last.cursor());
  }

  private static SourceReport status(Vertx vertx) {
    return Await.result(vertx.eventBus().<SourceReport>request(Addresses.PROCESSOR_STATUS, null)).body();
  }

  @Test
  void everyBlockIsReadOnceInSlotOrderSkippedSlotsLeftOutAndVotesNotParsed(Vertx vertx) {
    NavigableMap<Long, JsonObject> blocks = serve(chain(), 300);
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> received.size() == blocks.size());
    assertEquals(new ArrayList<>(blocks.keySet()), receivedSlots(), "every block once, in slot order");
    assertEquals(expectedKeys(blocks), receivedKeys());
    for (int i = 0; i < received.size(); i++) {
      assertEquals(i + 1, received.get(i).position(), "positions are dense");
    }
    assertEquals(BlockTransactions.votes().size() * blocks.size(),
        registry.get("swap.tx.skipped").tag("reason", "vote").counter().count(), "votes are left out before parsing");
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals((double) blocks.lastKey(), registry.get("swap.source.slot").gauge().value(), "the last durable block");
      assertTrue(status(vertx).lagSeconds() > 0, () -> status(vertx).toString());
    });
  }

  @Test
  void blocksAreParsedOnWorkerThreadsSeveralAtOnceAndTheirOutcomesCountedAndHandedOnInSlotOrder(Vertx vertx) {
    // each block a vote, a swap, and the swap again with a signature that is none: the parser rejects it
    NavigableMap<Long, JsonObject> blocks = serve(chain().transactions(slot -> {
      JsonObject unreadable = BlockTransactions.withFreshSignature(swaps.get(0));
      unreadable.getJsonObject("transaction").put("signatures", new JsonArray().add("not base58: " + slot));
      return List.of(BlockTransactions.votes().get(0), BlockTransactions.withFreshSignature(swaps.get(0)), unreadable);
    }), 60);
    TransactionParser parser = new TransactionParser(1 << 24);
    AtomicInteger onEventLoop = new AtomicInteger();
    Set<Thread> parsers = ConcurrentHashMap.newKeySet();
    CountDownLatch twoParsing = new CountDownLatch(2);
    AtomicBoolean parsedAlone = new AtomicBoolean();
    Function<Object, TransactionOutcome> parse = transaction -> {
      if (Context.isOnEventLoopThread()) {
        onEventLoop.incrementAndGet();
      }
      // the first thread to parse waits in its first parse until a second one parses too: only in parallel
      if (parsers.add(Thread.currentThread())) {
        twoParsing.countDown();
        if (!awaitQuietly(twoParsing)) {
          parsedAlone.set(true);
        }
      }
      return parser.outcome(transaction);
    };
    deploy(vertx, parsingWith(rpc(FIRST_SLOT, null, 0), parse));
    await().atMost(TIMEOUT).until(() -> received.size() == blocks.size());

    assertEquals(0, onEventLoop.get(), "no transaction parsed on an event loop");
    assertFalse(parsedAlone.get(), "blocks parsed at once, not one after the other (on " + parsers.size()
        + " threads)");
    assertEquals(new ArrayList<>(blocks.keySet()), receivedSlots(), "handed on in slot order");
    assertEquals(expectedKeys(blocks), receivedKeys());
    assertEquals(blocks.size(), registry.get("swap.tx.processed").counter().count(), "the swaps, counted");
    assertEquals(blocks.size(), registry.get("swap.tx.invalid").tag("reason", "invalid-base58").counter().count(),
        "the unreadable ones, counted by reason");
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      // well within the test's wait for the blocks: parsing one at a time fails on the assertion, not the wait
      return latch.await(TIMEOUT.toSeconds() / 3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The rpc source of these settings, parsing each transaction with {@code parse}. */
  private static SourceSettings parsingWith(RpcSettings rpc, Function<Object, TransactionOutcome> parse) {
    return new SourceSettings() {
      @Override
      public String sourceId() {
        return rpc.sourceId();
      }

      @Override
      public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
        return new RpcSource(rpc, registry, parse);
      }
    };
  }

  static Stream<RpcFault> faults() {
    return Stream.of(RpcFault.error(RpcError.blockNotAvailable(FIRST_SLOT + 3)), RpcFault.tooManyRequests(1),
        RpcFault.httpStatus(502), RpcFault.error(RpcError.nodeUnhealthy(40)), RpcFault.cutMidBody(),
        RpcFault.truncatedBody(), RpcFault.notJson(), RpcFault.wrongResultShape(), RpcFault.delay(Duration.ofSeconds(6)));
  }

  @ParameterizedTest
  @MethodSource("faults")
  void aProviderFaultIsRetriedAndNoBlockIsSteppedOver(RpcFault fault, Vertx vertx) {
    NavigableMap<Long, JsonObject> blocks = serve(chain(), 60);
    server.misbehave("getBlock", 3, fault).misbehave("getBlocks", 1, fault).misbehave("getSlot", 1, fault);
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> received.size() == blocks.size());
    assertEquals(new ArrayList<>(blocks.keySet()), receivedSlots());
    assertEquals(expectedKeys(blocks), receivedKeys());
  }

  @Test
  void anAnswerThatTricklesInIsGivenUpAtTheRequestTimeoutAndAskedAgain(Vertx vertx) {
    NavigableMap<Long, JsonObject> blocks = serve(chain(), 3);
    Duration every = Duration.ofMillis(300);
    long trickleMs = blocks.firstEntry().getValue().encode().length() / 50 * every.toMillis();
    assertTrue(trickleMs > TIMEOUT.toMillis(), "the whole block would take " + trickleMs + " ms");
    // never idle for as long as the request timeout (5 s), but the whole answer takes minutes
    server.misbehave("getBlock", RpcFault.trickle(50, every));
    long start = System.nanoTime();
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> received.size() == blocks.size());
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs < 5_000 + 3_000, "given up after the request timeout and asked again: " + tookMs + " ms");
    assertEquals(1, registry.get("swap.rpc.requests").tag("method", "getBlock").tag("outcome", "timeout").counter()
        .count());
    assertEquals(new ArrayList<>(blocks.keySet()), receivedSlots());
  }

  @Test
  void blocksOfTenMegabytesAreReadWhole(Vertx vertx) {
    Random random = new Random(5);
    NavigableMap<Long, JsonObject> blocks = new ChainBuilder(FIRST_SLOT, random)
        .transactions(slot -> RealSizeBlocks.transactions(random, 2_600)).next(3);
    server.addBlocks(blocks).setHead(blocks.lastKey());
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> received.size() == blocks.size());
    assertTrue(server.bytesSent() > 3 * 10_000_000L, "blocks of over 10 MB each: " + server.bytesSent());
    assertEquals(expectedKeys(blocks), receivedKeys());
  }

  @Test
  void anUnsupportedTransactionVersionStopsTheSourceNamingTheOption(Vertx vertx) {
    serve(chain(), 20);
    server.misbehave("getBlock", 1_000, RpcFault.error(RpcError.unsupportedTransactionVersion(1)));
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(status(vertx).state()
        .contains("processor.source.maxSupportedTransactionVersion"), status(vertx).toString()));
    assertEquals(List.of(), received);
  }

  @Test
  void aForkIsFollowedBackAndTheAbandonedBlocksAreRewound(Vertx vertx) {
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = serve(chain, 100);
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> received.size() == first.size());

    long forkSlot = FIRST_SLOT + 90;
    NavigableMap<Long, JsonObject> branch = chain.fork(forkSlot).next(40);
    server.replaceFrom(forkSlot, branch).setHead(branch.lastKey());
    long joined = first.lowerKey(forkSlot);
    await().atMost(TIMEOUT).until(() -> !receivedSlots().isEmpty() && receivedSlots().get(receivedSlots().size() - 1)
        .equals(branch.lastKey()));

    TransactionEvents rewind = received.stream().filter(TransactionEvents::isRewind).findFirst().orElseThrow();
    assertEquals(joined, rewind.rewind().afterSlot(), "the branch joins the last block before the fork");
    assertEquals(first.lastKey(), rewind.rewind().throughSlot());
    assertEquals(first.headMap(joined, true).size(), rewind.rewind().to().position());
    List<Long> after = receivedSlots().subList(first.size(), receivedSlots().size());
    assertEquals(new ArrayList<>(branch.keySet()), after, "the new branch from the fork on");
    assertEquals(1.0, registry.get("swap.rpc.forks").counter().count());
  }

  @Test
  void aForkWhileStoppedIsFollowedBackFromTheRecentChainInTheCursor(Vertx vertx) {
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = serve(chain, 60);
    String deployment = deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> receivedSlots().size() == first.size());
    Await.result(vertx.undeploy(deployment));
    stored = durable();
    received.clear();

    long forkSlot = FIRST_SLOT + 50;
    NavigableMap<Long, JsonObject> branch = chain.fork(forkSlot).next(20);
    server.replaceFrom(forkSlot, branch).setHead(branch.lastKey());
    deployProcessor(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> !receivedSlots().isEmpty()
        && receivedSlots().get(receivedSlots().size() - 1).equals(branch.lastKey()));

    List<Rewind> rewinds = received.stream().filter(TransactionEvents::isRewind).map(TransactionEvents::rewind).toList();
    long joined = first.lowerKey(forkSlot);
    assertEquals(2, rewinds.size(), "rows after the checkpoint, then the fork: " + rewinds);
    assertEquals(List.of(joined, first.lastKey(), (long) first.headMap(joined, true).size()),
        List.of(rewinds.get(1).afterSlot(), rewinds.get(1).throughSlot(), rewinds.get(1).to().position()));
    assertEquals(new ArrayList<>(branch.keySet()), receivedSlots(), "the new branch from the fork on");
  }

  @Test
  void aProviderContradictingItselfHaltsTheSourceAfterAFewAttemptsAndIsAskedAgainSlowly(Vertx vertx) {
    NavigableMap<Long, JsonObject> blocks = serve(chain(), 40);
    long bad = blocks.ceilingKey(FIRST_SLOT + 20);
    JsonObject good = blocks.get(bad);
    // a parent slot the chain has, with a blockhash no block has
    server.addBlock(bad, good.copy().put("previousBlockhash", blocks.firstEntry().getValue().getString("blockhash")));
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(status(vertx).state()
        .matches(".*slot " + bad + ".*inconsistent.*"), status(vertx).toString()));
    long asked = server.requests("getBlock");
    await().pollDelay(Duration.ofSeconds(5)).atMost(TIMEOUT).until(() -> true);
    assertTrue(server.requests("getBlock") - asked <= 2, "halted, asked only now and then: "
        + (server.requests("getBlock") - asked) + " getBlock requests in 5 s");
    assertEquals(new ArrayList<>(blocks.headMap(bad, false).keySet()), receivedSlots(), "nothing stepped over");

    server.addBlock(bad, good);
    await().atMost(TIMEOUT).until(() -> receivedSlots().size() == blocks.size());
    assertEquals(new ArrayList<>(blocks.keySet()), receivedSlots());
    assertEquals(expectedKeys(blocks), receivedKeys());
  }

  @Test
  void theLagInSlotsGrowsWithTheChainWhileReadingStalls(Vertx vertx) {
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = serve(chain, 30);
    deploy(vertx, rpc(FIRST_SLOT, null, 0));
    await().atMost(TIMEOUT).until(() -> receivedSlots().size() == first.size());
    server.misbehave("getBlock", 100_000, RpcFault.httpStatus(502));
    serve(chain, 40);
    await().atMost(TIMEOUT).until(() -> lagSlots() > 0);
    // the listing is full of slots it cannot fetch: only asking for the head again shows the chain going on
    NavigableMap<Long, JsonObject> later = serve(chain, 100);
    await().atMost(TIMEOUT).untilAsserted(() -> assertEquals((double) later.lastKey() - first.lastKey(), lagSlots()));
  }

  private double lagSlots() {
    return registry.get("swap.source.lag.slots").gauge().value();
  }

  @Test
  void aStoredCheckpointResumesAtTheNextBlockAndABackfillEnds(Vertx vertx) {
    NavigableMap<Long, JsonObject> blocks = serve(chain(), 120);
    long resumeSlot = blocks.floorKey(FIRST_SLOT + 50);
    stored = new SourceCheckpoint(blocks.headMap(resumeSlot, true).size(), new JsonObject().put("slot", resumeSlot)
        .put("blockhash", blocks.get(resumeSlot).getString("blockhash")).encode());
    long endSlot = FIRST_SLOT + 100;
    List<String> finished = new CopyOnWriteArrayList<>();
    vertx.eventBus().<String>consumer(Addresses.SOURCE_FINISHED, message -> finished.add(message.body()));
    deploy(vertx, rpc(FIRST_SLOT, endSlot, 0));

    List<Long> expected = new ArrayList<>(blocks.subMap(resumeSlot, false, endSlot, true).keySet());
    await().atMost(TIMEOUT).until(() -> receivedSlots().size() == expected.size());
    assertEquals(expected, receivedSlots());
    // what the last run may have written after its checkpoint goes first, through the backfill's end
    Rewind afterCheckpoint = received.get(0).rewind();
    assertEquals(List.of(stored.position(), resumeSlot, resumeSlot, endSlot), List.of(afterCheckpoint.to()
        .position(), new JsonObject(afterCheckpoint.to().cursor()).getLong("slot"), afterCheckpoint.afterSlot(),
        afterCheckpoint.throughSlot()));
    assertEquals(stored.position() + 1, received.get(1).position());
    await().atMost(TIMEOUT).until(() -> finished.equals(List.of("solana")));
  }

  @Test
  void aBackfillShowsTheShareOfItsRangeDurableItsRateAndTheTimeToGo(Vertx vertx) {
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = serve(chain, 100);
    long endSlot = FIRST_SLOT + 199;
    deploy(vertx, rpc(FIRST_SLOT, endSlot, 0));
    // the chain's head is halfway through the range: the backfill waits there
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals(100 / 200.0, gauge("swap.source.backfill.done"), 1e-9);
      assertTrue(gauge("swap.source.backfill.rate") > 0, "slots per second over the last minute");
      assertTrue(gauge("swap.source.backfill.eta") > 0, "time to go at that rate");
    });
    assertEquals((double) first.lastKey(), registry.get("swap.source.slot").gauge().value());

    serve(chain, 100);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals(1.0, gauge("swap.source.backfill.done"));
      assertEquals(0.0, gauge("swap.source.backfill.eta"));
    });
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }
}
