package io.swapflush.source.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.geyser.CommitmentLevel;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeRequestFilterSlots;
import io.swapflush.geyser.SubscribeRequestFilterTransactions;
import io.swapflush.geyser.SubscribeRequestPing;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import io.swapflush.geyser.storage.CompiledInstruction;
import io.swapflush.parse.Base58;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.GeyserServer;
import io.swapflush.testsupport.GeyserTransactions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real Vert.x gRPC client (the generated stub on vertx-grpc-client, as the grpc source will use
 * it) subscribed to the test Geyser server: every shared fixture streamed as a transaction update
 * comes back whole, filters applied by the server, pings answered both ways.
 */
class GeyserSubscribeTest {

  /** Programs every fixture invokes one of: Jupiter v6, Raydium AMM v4 and CLMM, Pump.fun, Pump AMM, OKX. */
  private static final List<String> PROGRAMS = List.of("JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4",
      "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", "CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK",
      "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA",
      "6m2CDdhRgxpH4WjvdzxAYbGxwdGUz5MziiL5jek2kBma");
  private static final long SLOT = 300_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(20);

  @RegisterExtension
  final GeyserBed bed = new GeyserBed();
  private final GeyserServer server = bed.server;
  private final Queue<SubscribeUpdate> received = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() {
    subscribe(subscription(), received);
    await().atMost(WAIT).until(() -> server.subscribers() == 1);
  }

  /**
   * Subscribes with {@code request}, collecting the updates in {@code into}; the server's pings are
   * answered with a ping request (id 7), as Yellowstone asks of its clients.
   */
  private void subscribe(SubscribeRequest request, Queue<SubscribeUpdate> into) {
    AtomicReference<WriteStream<SubscribeRequest>> stream = new AtomicReference<>();
    Await.result(GeyserClients.geyser(bed.client, bed.endpoint).subscribe((outgoing, failure) -> {
      if (failure == null) {
        stream.set(outgoing);
        outgoing.write(request);
      }
    }).onSuccess(updates -> updates.handler(update -> {
      into.add(update);
      if (update.hasPing()) {
        stream.get().write(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(7)).build());
      }
    })));
  }

  /** Swaps that succeeded under "swaps", failed ones under "failed" (so all arrive, each saying which), slots under "slots". */
  private static SubscribeRequest subscription() {
    SubscribeRequestFilterTransactions swaps = SubscribeRequestFilterTransactions.newBuilder()
        .setVote(false).setFailed(false).addAllAccountInclude(PROGRAMS).build();
    return SubscribeRequest.newBuilder()
        .putTransactions("swaps", swaps)
        .putTransactions("failed", swaps.toBuilder().setFailed(true).build())
        .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
        .setCommitment(CommitmentLevel.CONFIRMED)
        .build();
  }

  @Test
  void theServerSeesTheSubscription() {
    SubscribeRequest seen = server.requests().get(0);
    assertEquals(subscription(), seen);
    assertEquals(PROGRAMS, seen.getTransactionsOrThrow("swaps").getAccountIncludeList());
  }

  @Test
  void everyFixtureMakesTheRoundTrip() {
    Map<String, JsonObject> swaps = BlockTransactions.swaps();
    server.sendTransaction(BlockTransactions.votes().get(0), SLOT, 0); // vote=false: never arrives
    List<JsonObject> sent = new ArrayList<>(swaps.values());
    for (int i = 0; i < sent.size(); i++) {
      server.sendTransaction(sent.get(i), SLOT, i + 1);
    }
    server.sendSlot(SLOT, SLOT - 1, SlotStatus.SLOT_PROCESSED).sendSlot(SLOT, SLOT - 1, SlotStatus.SLOT_CONFIRMED);

    await().atMost(WAIT).until(() -> received.stream().anyMatch(SubscribeUpdate::hasSlot));
    List<SubscribeUpdate> transactions = received.stream().filter(SubscribeUpdate::hasTransaction).toList();
    assertEquals(sent.size(), transactions.size(), "one update per fixture, and the vote left out");
    for (int i = 0; i < sent.size(); i++) {
      JsonObject entry = sent.get(i);
      SubscribeUpdate update = transactions.get(i);
      assertEquals(SLOT, update.getTransaction().getSlot());
      assertRoundTrip(entry, update.getTransaction().getTransaction());
      boolean failed = entry.getJsonObject("meta").getValue("err") != null;
      assertEquals(List.of(failed ? "failed" : "swaps"), update.getFiltersList(), BlockTransactions.signature(entry));
      assertTrue(update.hasCreatedAt());
    }
    List<SubscribeUpdate> slots = received.stream().filter(SubscribeUpdate::hasSlot).toList();
    assertEquals(1, slots.size(), "only the confirmed status, the request's commitment");
    assertEquals(SlotStatus.SLOT_CONFIRMED, slots.get(0).getSlot().getStatus());
  }

  /** What came over the wire is what the converter made, and says what the JSON says. */
  private static void assertRoundTrip(JsonObject entry, SubscribeUpdateTransactionInfo info) {
    String signature = BlockTransactions.signature(entry);
    assertEquals(GeyserTransactions.info(entry, info.getIndex()), info, signature);
    assertArrayEquals(Base58.decode(signature), info.getSignature().toByteArray(), signature);
    JsonObject message = entry.getJsonObject("transaction").getJsonObject("message");
    JsonObject loaded = entry.getJsonObject("meta").getJsonObject("loadedAddresses", new JsonObject());
    int keys = message.getJsonArray("accountKeys").size() + loaded.getJsonArray("writable", new JsonArray()).size()
        + loaded.getJsonArray("readonly", new JsonArray()).size();
    assertEquals(keys, info.getTransaction().getMessage().getAccountKeysCount()
        + info.getMeta().getLoadedWritableAddressesCount() + info.getMeta().getLoadedReadonlyAddressesCount(), signature);
    JsonArray instructions = message.getJsonArray("instructions");
    assertEquals(instructions.size(), info.getTransaction().getMessage().getInstructionsCount(), signature);
    for (int i = 0; i < instructions.size(); i++) {
      JsonObject instruction = instructions.getJsonObject(i);
      CompiledInstruction compiled = info.getTransaction().getMessage().getInstructions(i);
      if (instruction.containsKey("data")) { // jsonParsed's decoded instructions have none to compare
        assertArrayEquals(Base58.decode(instruction.getString("data")), compiled.getData().toByteArray(), signature);
      }
    }
  }

  @Test
  void pingsAreAnsweredBothWays() {
    server.ping();
    await().atMost(WAIT).until(() -> server.requests().stream().anyMatch(SubscribeRequest::hasPing));
    assertEquals(7, server.requests().stream().filter(SubscribeRequest::hasPing).findFirst().orElseThrow().getPing().getId());
    await().atMost(WAIT).until(() -> received.stream().anyMatch(SubscribeUpdate::hasPong));
    assertEquals(7, received.stream().filter(SubscribeUpdate::hasPong).findFirst().orElseThrow().getPong().getId());
    assertEquals(1, server.subscribers(), "a ping request leaves the filters as they were");
  }

  @Test
  void aSubscriberFromASlotGetsWhatWasSentFromThereOn() {
    server.sendSlot(SLOT - 1, SLOT - 2, SlotStatus.SLOT_CONFIRMED).sendSlot(SLOT, SLOT - 1, SlotStatus.SLOT_CONFIRMED);
    await().atMost(WAIT).until(() -> received.stream().filter(SubscribeUpdate::hasSlot).count() == 2);

    Queue<SubscribeUpdate> late = new ConcurrentLinkedQueue<>();
    subscribe(subscription().toBuilder().setFromSlot(SLOT).build(), late);
    await().atMost(WAIT).until(() -> server.subscribers() == 2);
    server.sendSlot(SLOT + 1, SLOT, SlotStatus.SLOT_CONFIRMED);

    await().atMost(WAIT).until(() -> late.size() == 2);
    assertEquals(List.of(SLOT, SLOT + 1), late.stream().map(update -> update.getSlot().getSlot()).toList());
    assertEquals(SLOT, server.requests().get(server.requests().size() - 1).getFromSlot());
  }

  /** Vert.x refuses messages over 256 KiB by default, ending the stream: the client takes 64 MiB. */
  @Test
  void anUpdateOfSeveralMebibytesArrives() {
    JsonObject swap = BlockTransactions.swap("jeffro__pumpfun_buy_0.json");
    JsonObject meta = swap.getJsonObject("meta").copy().put("logMessages", new JsonArray(
        Collections.nCopies(40_000, "Program log: " + "x".repeat(100))));
    JsonObject large = swap.copy().put("meta", meta);
    server.sendTransaction(large, SLOT, 0);

    await().atMost(WAIT).until(() -> received.stream().anyMatch(SubscribeUpdate::hasTransaction));
    SubscribeUpdate update = received.stream().filter(SubscribeUpdate::hasTransaction).findFirst().orElseThrow();
    assertTrue(update.getSerializedSize() > 4 * 1024 * 1024, "size " + update.getSerializedSize());
    assertEquals(40_000, update.getTransaction().getTransaction().getMeta().getLogMessagesCount());
  }
}
