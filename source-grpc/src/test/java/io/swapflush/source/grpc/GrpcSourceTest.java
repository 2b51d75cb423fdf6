package io.swapflush.source.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.geyser.CommitmentLevel;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.parse.TransactionParser;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.source.SourceReport;
import io.swapflush.source.rpc.RpcSettings;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.GeyserServer;
import io.swapflush.testsupport.SolanaRpcServer;
import io.swapflush.testsupport.StandInFlusher;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The grpc source against a Geyser server that speaks the real protocol and fails as real ones do,
 * with the real processor and a stand-in for the flusher: every block once, in chain order, with
 * the events its JSON form gives, through cuts, silence, lag cuts, refused replays (read over
 * JSON-RPC), forks and dead slots.
 */
@ExtendWith(VertxExtension.class)
class GrpcSourceTest {

  private static final long FIRST_SLOT = 320_000_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "grpc-token-0123456789";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<JsonObject> swaps = BlockTransactions.jsonEncodedSwaps();
  private GeyserServer server;
  private SolanaRpcServer rpcServer;
  private StandInFlusher flusher;

  @BeforeEach
  void start(Vertx vertx) {
    server = GeyserServer.start().requireToken(TOKEN);
    rpcServer = SolanaRpcServer.start();
    flusher = new StandInFlusher(vertx);
  }

  @AfterEach
  void stop() {
    server.close();
    rpcServer.close();
  }

  /** Every 7th slot skipped; each block a swap with a fresh signature among votes (which the server filters out). */
  private ChainBuilder chain() {
    List<JsonObject> votes = BlockTransactions.votes().subList(0, 3);
    return new ChainBuilder(FIRST_SLOT, new Random(7)).skip(slot -> slot % 7 == 0).transactions(slot -> {
      List<JsonObject> entries = new ArrayList<>(votes);
      entries.add(BlockTransactions.withFreshSignature(swaps.get((int) (slot % swaps.size()))));
      return entries;
    });
  }

  private GrpcSettings grpc(String commitment, long watchdogMs, boolean gapFill) {
    RpcSettings rpc = gapFill ? new RpcSettings(rpcServer.url(), "solana", "confirmed", null, null, 4, 0, Map.of(), 0,
        5_000, 50, 64 << 20) : null;
    return new GrpcSettings(server.url(), TOKEN, "solana", commitment, GrpcSettings.tradingPrograms(), null, rpc,
        watchdogMs, 50, 500, 512);
  }

  private String deploy(Vertx vertx, GrpcSettings settings) {
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    String id = Await.result(vertx.deployVerticle(new ProcessorVerticle(new ProcessorSettings(settings, 100, 5, 50,
        1 << 24, 10_000, d.windows(), d.maxMints(), d.triggers()), registry)));
    await().atMost(TIMEOUT).until(() -> server.subscribers() == 1);
    return id;
  }

  /** Each block as Yellowstone streams it at {@code statuses}: transactions, block meta, then the statuses. */
  private void stream(NavigableMap<Long, JsonObject> blocks, SlotStatus... statuses) {
    blocks.forEach((slot, block) -> server.sendBlock(slot, block, statuses));
  }

  private List<TransactionEvents> received() {
    return flusher.received();
  }

  private List<Long> receivedSlots() {
    return received().stream().filter(m -> !m.isRewind()).map(m -> new JsonObject(m.cursor()).getLong("slot"))
        .toList();
  }

  private Set<String> receivedEvents() {
    Set<String> events = new TreeSet<>();
    received().stream().filter(m -> !m.isRewind()).forEach(m -> m.events().forEach(e -> events.add(described(e))));
    return events;
  }

  /** Each swap of the blocks as the parser reads its JSON form, with the block's slot and time. */
  private static Set<String> eventsOf(Map<Long, JsonObject> blocks) {
    TransactionParser parser = new TransactionParser(1 << 24);
    Set<String> events = new TreeSet<>();
    blocks.forEach((slot, block) -> block.getJsonArray("transactions").stream().map(JsonObject.class::cast)
        .filter(entry -> entry.getValue("meta") != null).forEach(entry -> {
          JsonObject json = entry.copy().put("slot", slot).put("blockTime", block.getValue("blockTime"));
          if (parser.outcome(parser.split(json.encode()).get(0)) instanceof TransactionOutcome.Parsed parsed) {
            parsed.transaction().events().forEach(e -> events.add(described(e)));
          }
        }));
    return events;
  }

  private static String described(SwapEvent e) {
    return e.toString();
  }

  private void awaitSlots(NavigableMap<Long, JsonObject> blocks) {
    await().atMost(TIMEOUT).until(() -> {
      List<Long> slots = receivedSlots();
      return !slots.isEmpty() && slots.get(slots.size() - 1).equals(blocks.lastKey());
    });
  }

  /**
   * A run that reads {@code blocks} and stops: what the stand-in holds is what the next run finds
   * stored, and only the next run's messages are kept.
   */
  private SourceCheckpoint readThenStop(Vertx vertx, NavigableMap<Long, JsonObject> blocks, GrpcSettings settings,
      SlotStatus... statuses) {
    String deployment = deploy(vertx, settings);
    stream(blocks, statuses);
    awaitSlots(blocks);
    Await.result(vertx.undeploy(deployment));
    SourceCheckpoint checkpoint = flusher.durable();
    flusher.stored(checkpoint);
    flusher.received().clear();
    return checkpoint;
  }

  private double counter(String name, String tag, String value) {
    return registry.find(name).tag(tag, value).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static SourceReport status(Vertx vertx) {
    return Await.result(vertx.eventBus().<SourceReport>request(Addresses.PROCESSOR_STATUS, null)).body();
  }

  @Test
  void everyBlockIsHandedOnOnceInSlotOrderWithTheEventsOfItsJsonForm(Vertx vertx) {
    deploy(vertx, grpc("confirmed", 30_000, false));
    SubscribeRequest asked = server.requests().get(0);
    assertEquals(CommitmentLevel.CONFIRMED, asked.getCommitment());
    assertEquals(List.of(false, false), List.of(asked.getTransactionsOrThrow("swaps").getVote(),
        asked.getTransactionsOrThrow("swaps").getFailed()));
    assertEquals(TransactionParser.tradingPrograms(), asked.getTransactionsOrThrow("swaps").getAccountIncludeList());
    assertTrue(asked.getBlocksMetaCount() == 1 && !asked.hasFromSlot(), asked.toString());
    assertEquals(List.of(TOKEN), server.tokensSeen());

    NavigableMap<Long, JsonObject> blocks = chain().next(60);
    stream(blocks, SlotStatus.SLOT_PROCESSED, SlotStatus.SLOT_CONFIRMED, SlotStatus.SLOT_FINALIZED);
    awaitSlots(blocks);

    assertEquals(new ArrayList<>(blocks.keySet()), receivedSlots(), "every block once, in slot order");
    for (int i = 0; i < received().size(); i++) {
      assertEquals(i + 1, received().get(i).position(), "positions are dense");
    }
    assertEquals(eventsOf(blocks), receivedEvents(), "the events of the JSON form, block time included");
    server.ping();
    await().atMost(TIMEOUT).until(() -> server.pingsAnswered() == 1);
    await().atMost(TIMEOUT).untilAsserted(() -> {
      assertEquals((double) blocks.lastKey(), registry.get("swap.source.slot").gauge().value(), "the last durable block");
      assertEquals((double) blocks.lastKey(), registry.get("swap.source.head.slot").gauge().value());
      assertTrue(status(vertx).lagSeconds() > 0, () -> status(vertx).toString());
    });
    assertEquals(1.0, registry.get("swap.source.grpc.connected").gauge().value());
    long swapsThatSucceeded = blocks.values().stream().flatMap(block -> block.getJsonArray("transactions").stream())
        .map(JsonObject.class::cast).filter(entry -> !BlockTransactions.votes().contains(entry)
            && entry.getJsonObject("meta").getValue("err") == null).count();
    assertEquals(swapsThatSucceeded, counter("swap.source.grpc.messages", "kind", "transaction"),
        "votes and failed transactions filtered out by the server");
  }

  @Test
  void aStreamCutMidSlotIsOpenedAgainAfterTheLastBlockAndNoBlockComesTwice(Vertx vertx) {
    deploy(vertx, grpc("confirmed", 30_000, false));
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = chain.next(20);
    stream(first, SlotStatus.SLOT_CONFIRMED);
    awaitSlots(first);

    NavigableMap<Long, JsonObject> next = chain.next(20);
    long cutIn = next.firstKey();
    JsonArray transactions = next.get(cutIn).getJsonArray("transactions");
    int half = transactions.size() / 2;
    for (int i = 0; i < half; i++) {
      server.sendTransaction(transactions.getJsonObject(i), cutIn, i);
    }
    server.replayEarlierBy(10).cut();
    await().atMost(TIMEOUT).until(() -> server.calls() == 2 && server.subscribers() == 1);
    assertEquals(first.lastKey() + 1, server.requests().get(server.requests().size() - 1).getFromSlot(),
        "from the slot after the last block handed on");
    // the replay gave the last blocks handed on and the first half of the slot again; the rest comes live
    for (int i = half; i < transactions.size(); i++) {
      server.sendTransaction(transactions.getJsonObject(i), cutIn, i);
    }
    JsonObject cut = next.get(cutIn);
    server.sendBlockMeta(cutIn, cut.getString("blockhash"), cut.getLong("parentSlot"),
        cut.getString("previousBlockhash"), cut.getLong("blockTime"));
    server.sendSlot(cutIn, cut.getLong("parentSlot"), SlotStatus.SLOT_CONFIRMED);
    stream(next.tailMap(cutIn, false), SlotStatus.SLOT_CONFIRMED);
    awaitSlots(next);

    List<Long> all = new ArrayList<>(first.keySet());
    all.addAll(next.keySet());
    assertEquals(all, receivedSlots(), "the replayed and the half-sent slots not twice");
    NavigableMap<Long, JsonObject> both = new TreeMap<>(first);
    both.putAll(next);
    assertEquals(eventsOf(both), receivedEvents());
    assertEquals(1.0, counter("swap.source.grpc.reconnects", "cause", StreamEnd.CUT));
  }

  @Test
  void aSilentStreamIsDroppedByTheWatchdogAndOpenedAgain(Vertx vertx) {
    deploy(vertx, grpc("confirmed", 1_000, false));
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = chain.next(5);
    stream(first, SlotStatus.SLOT_CONFIRMED);
    awaitSlots(first);
    server.goSilent();
    NavigableMap<Long, JsonObject> next = chain.next(5);
    stream(next, SlotStatus.SLOT_CONFIRMED);
    await().atMost(TIMEOUT).until(() -> server.calls() == 2);
    server.speak();
    awaitSlots(next);
    List<Long> all = new ArrayList<>(first.keySet());
    all.addAll(next.keySet());
    assertEquals(all, receivedSlots());
    assertTrue(counter("swap.source.grpc.reconnects", "cause", StreamEnd.SILENT) >= 1);
  }

  @Test
  void aClientTheServerCutsForLaggingResumesAndLosesNothing(Vertx vertx) {
    server.lagCutAfterQueued(50);
    flusher.holdReplies(true);
    deploy(vertx, grpc("confirmed", 30_000, false));
    // a swap of a few KiB a block: streamed until the client's HTTP/2 window (GeyserClients) is full
    // and the server's queue past its limit, so that the server cuts the call; the client, paused,
    // reads that end after what it holds, once the flusher answers again
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> blocks = new TreeMap<>();
    while (server.subscribers() > 0 && blocks.size() < 20_000) {
      NavigableMap<Long, JsonObject> next = chain.next(200);
      stream(next, SlotStatus.SLOT_CONFIRMED);
      blocks.putAll(next);
      await().pollDelay(Duration.ofMillis(50)).atMost(TIMEOUT).until(() -> true);
    }
    await().atMost(TIMEOUT).until(() -> server.subscribers() == 0);
    flusher.holdReplies(false);
    awaitSlots(blocks);
    assertTrue(counter("swap.source.grpc.reconnects", "cause", StreamEnd.LAGGED) >= 1);
    assertEquals(new ArrayList<>(blocks.keySet()), receivedSlots());
  }

  @Test
  void aReplayTheServerRefusesIsReadOverJsonRpcAndTheStreamAttachedAgain(Vertx vertx) {
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = chain.next(20);
    readThenStop(vertx, first, grpc("confirmed", 30_000, true), SlotStatus.SLOT_CONFIRMED);

    // while stopped, the chain goes on and the server forgets the first slots after the checkpoint
    NavigableMap<Long, JsonObject> missed = chain.next(60);
    server.keepFrom(missed.ceilingKey(missed.firstKey() + 20));
    rpcServer.addBlocks(first).addBlocks(missed).setHead(missed.floorKey(missed.firstKey() + 40));
    stream(missed, SlotStatus.SLOT_CONFIRMED);
    deploy(vertx, grpc("confirmed", 30_000, true));

    awaitSlots(missed);
    assertEquals(new ArrayList<>(missed.keySet()), receivedSlots(), "no slot skipped, none twice");
    assertEquals(eventsOf(missed), receivedEvents());
    assertEquals(1.0, counter("swap.source.grpc.gaps.filled", "source", "solana"));
    assertTrue(rpcServer.requests("getBlock") > 0);
    assertEquals(StreamEnd.REPLAY_REFUSED, registry.find("swap.source.grpc.reconnects").counters().stream()
        .filter(c -> c.count() > 0).findFirst().orElseThrow().getId().getTag("cause"));
  }

  @Test
  void withoutJsonRpcARefusedReplayHaltsTheSourceAndSaysWhy(Vertx vertx) {
    ChainBuilder chain = chain();
    flusher.stored(new SourceCheckpoint(10, new JsonObject().put("slot", FIRST_SLOT).put("blockhash", "x").encode()));
    NavigableMap<Long, JsonObject> later = chain.next(30);
    server.keepFrom(later.lastKey());
    stream(later, SlotStatus.SLOT_CONFIRMED);
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    Await.result(vertx.deployVerticle(new ProcessorVerticle(new ProcessorSettings(grpc("confirmed", 30_000, false),
        100, 5, 50, 1 << 24, 10_000, d.windows(), d.maxMints(), d.triggers()), registry)));
    await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(status(vertx).state()
        .matches(".*cannot replay from slot " + (FIRST_SLOT + 1) + ".*processor.source.rpc.*"), status(vertx).toString()));
    assertEquals(List.of(), receivedSlots(), "nothing stepped over");
  }

  @Test
  void atProcessedAForkAndADeadSlotAreRewound(Vertx vertx) {
    deploy(vertx, grpc("processed", 30_000, false));
    ChainBuilder chain = new ChainBuilder(FIRST_SLOT, new Random(3)).transactions(slot -> List.of(
        BlockTransactions.withFreshSignature(swaps.get((int) (slot % swaps.size())))));
    NavigableMap<Long, JsonObject> first = chain.next(10);
    stream(first, SlotStatus.SLOT_PROCESSED);
    awaitSlots(first);

    // a branch from the 8th block on: the 9th and 10th blocks are abandoned
    long forkSlot = FIRST_SLOT + 8;
    NavigableMap<Long, JsonObject> branch = chain.fork(forkSlot).next(6);
    // a slot that dies before it is complete: its transactions never become rows
    JsonObject dying = branch.get(branch.lastKey());
    server.sendTransaction(dying.getJsonArray("transactions").getJsonObject(0), branch.lastKey() + 1, 0);
    server.sendSlot(branch.lastKey() + 1, branch.lastKey(), SlotStatus.SLOT_DEAD);
    stream(branch, SlotStatus.SLOT_PROCESSED);
    awaitSlots(branch);
    // a slot handed on, then dead: rewound too
    server.sendSlot(branch.lastKey(), branch.lowerKey(branch.lastKey()), SlotStatus.SLOT_DEAD);
    await().atMost(TIMEOUT).until(() -> received().get(received().size() - 1).isRewind());

    List<Rewind> rewinds = received().stream().filter(TransactionEvents::isRewind).map(TransactionEvents::rewind)
        .toList();
    assertEquals(2, rewinds.size(), rewinds.toString());
    assertEquals(List.of(forkSlot - 1, first.lastKey(), 8L), List.of(rewinds.get(0).afterSlot(),
        rewinds.get(0).throughSlot(), rewinds.get(0).to().position()));
    assertEquals(List.of(branch.lowerKey(branch.lastKey()), branch.lastKey()), List.of(rewinds.get(1).afterSlot(),
        rewinds.get(1).throughSlot()));
    List<Long> expected = new ArrayList<>(first.keySet());
    expected.addAll(branch.keySet());
    assertEquals(expected, receivedSlots());
    assertEquals(1.0, counter("swap.source.grpc.forks", "source", "solana"));
    assertEquals(2.0, counter("swap.source.grpc.dead.slots", "source", "solana"));
  }

  @Test
  void atProcessedABranchWhoseFirstBlockTheSourceNeverSawIsReplayedFromThatBlock(Vertx vertx) {
    ChainBuilder chain = new ChainBuilder(FIRST_SLOT, new Random(5)).transactions(slot -> List.of(
        BlockTransactions.withFreshSignature(swaps.get((int) (slot % swaps.size())))));
    NavigableMap<Long, JsonObject> first = chain.next(10);
    readThenStop(vertx, first, grpc("processed", 30_000, false), SlotStatus.SLOT_PROCESSED);
    long forkSlot = FIRST_SLOT + 8;
    NavigableMap<Long, JsonObject> branch = chain.fork(forkSlot).next(5);
    // while the source is stopped: kept by the server, never streamed to it
    server.sendBlock(forkSlot, branch.get(forkSlot), SlotStatus.SLOT_PROCESSED);

    deploy(vertx, grpc("processed", 30_000, false));
    stream(branch.tailMap(forkSlot, false), SlotStatus.SLOT_PROCESSED);
    awaitSlots(branch);

    assertEquals(new ArrayList<>(branch.keySet()), receivedSlots(), "the branch from its first block on");
    assertTrue(server.requests().stream().anyMatch(r -> r.hasFromSlot() && r.getFromSlot() == forkSlot),
        "replayed from the block it never saw");
    Rewind fork = received().stream().filter(TransactionEvents::isRewind).map(TransactionEvents::rewind)
        .filter(r -> r.throughSlot() != Long.MAX_VALUE).findFirst().orElseThrow();
    assertEquals(List.of(forkSlot - 1, first.lastKey()), List.of(fork.afterSlot(), fork.throughSlot()));
  }

  @Test
  void aRestartResumesAfterTheCursorAndFirstForgetsRowsWrittenAfterIt(Vertx vertx) {
    ChainBuilder chain = chain();
    NavigableMap<Long, JsonObject> first = chain.next(10);
    SourceCheckpoint checkpoint = readThenStop(vertx, first, grpc("confirmed", 30_000, false),
        SlotStatus.SLOT_CONFIRMED);

    NavigableMap<Long, JsonObject> next = chain.next(10);
    stream(next, SlotStatus.SLOT_CONFIRMED);
    deploy(vertx, grpc("confirmed", 30_000, false));
    awaitSlots(next);
    assertEquals(first.lastKey() + 1, server.requests().get(server.requests().size() - 1).getFromSlot());
    Rewind forget = received().get(0).rewind();
    assertEquals(List.of(checkpoint.position(), first.lastKey(), Long.MAX_VALUE), List.of(forget.to().position(),
        forget.afterSlot(), forget.throughSlot()));
    assertEquals(new ArrayList<>(next.keySet()), receivedSlots());
    assertEquals(checkpoint.position() + 1, received().get(1).position());
  }
}
