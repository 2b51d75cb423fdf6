package io.swapflush.source.grpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.geyser.CommitmentLevel;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeRequestFilterBlocksMeta;
import io.swapflush.geyser.SubscribeRequestFilterSlots;
import io.swapflush.geyser.SubscribeRequestFilterTransactions;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdate.UpdateOneofCase;
import io.swapflush.geyser.SubscribeUpdateBlockMeta;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.GeyserServer;
import io.swapflush.testsupport.GeyserTransactions;
import io.vertx.grpc.common.GrpcStatus;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The test Geyser server's block meta and faults, each seen by a real Vert.x gRPC client as the
 * grpc source will see it: the statuses and messages Yellowstone ends calls with, silence, cuts,
 * replays that start early, a lagging client dropped.
 */
class GeyserServerFaultsTest {

  private static final long SLOT = 300_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Long enough for a write the server should not make to arrive, short enough for a test. */
  private static final Duration QUIET = Duration.ofMillis(300);

  @RegisterExtension
  final GeyserBed bed = new GeyserBed();
  private final GeyserServer server = bed.server;

  /** Every transaction, block meta and confirmed slot status, at commitment confirmed. */
  private static SubscribeRequest subscription() {
    return SubscribeRequest.newBuilder()
        .putTransactions("all", SubscribeRequestFilterTransactions.getDefaultInstance())
        .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(true).build())
        .putBlocksMeta("blocks", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
        .setCommitment(CommitmentLevel.CONFIRMED)
        .build();
  }

  private static SubscribeRequest from(long slot) {
    return subscription().toBuilder().setFromSlot(slot).build();
  }

  private GeyserCall open(SubscribeRequest request) {
    return open(null, request);
  }

  private GeyserCall open(String token, SubscribeRequest request) {
    return GeyserCall.open(bed.vertx, bed.client, bed.endpoint, token, request);
  }

  private GeyserCall subscribed(SubscribeRequest request) {
    int before = server.subscribers();
    GeyserCall call = open(request);
    await().atMost(WAIT).until(() -> server.subscribers() == before + 1);
    return call;
  }

  private GeyserServer sendConfirmed(long... slots) {
    LongStream.of(slots).forEach(slot -> server.sendSlot(slot, slot - 1, SlotStatus.SLOT_CONFIRMED));
    return server;
  }

  private static void awaitEnd(GeyserCall call, GrpcStatus status, String message) {
    await().atMost(WAIT).until(() -> call.status() != null);
    assertEquals(status, call.status());
    assertEquals(message, call.statusMessage());
  }

  @Test
  void aBlockComesWithItsMetaBeforeItsConfirmation() {
    GeyserCall call = subscribed(subscription());
    GeyserCall noMeta = subscribed(subscription().toBuilder().clearBlocksMeta().build());
    server.sendBlock(SLOT, SLOT - 1, List.of(BlockTransactions.swap("jeffro__pumpfun_buy_0.json")),
        SlotStatus.SLOT_PROCESSED, SlotStatus.SLOT_CONFIRMED)
        .sendBlockMeta(SLOT, "Fork", SLOT - 1, "ForkParent", null);

    await().atMost(WAIT).until(() -> call.updates.size() == 4 && noMeta.updates.size() == 2);
    assertEquals(List.of(UpdateOneofCase.TRANSACTION, UpdateOneofCase.BLOCK_META, UpdateOneofCase.SLOT,
        UpdateOneofCase.BLOCK_META), call.updates.stream().map(SubscribeUpdate::getUpdateOneofCase).toList());
    List<SubscribeUpdate> metas = call.updates.stream().filter(SubscribeUpdate::hasBlockMeta).toList();
    SubscribeUpdateBlockMeta meta = metas.get(0).getBlockMeta();
    assertEquals(List.of("blocks"), metas.get(0).getFiltersList());
    assertEquals(GeyserServer.blockhash(SLOT), meta.getBlockhash());
    assertEquals(GeyserServer.blockhash(SLOT - 1), meta.getParentBlockhash());
    assertEquals(SLOT - 1, meta.getParentSlot());
    assertEquals(GeyserServer.blockTime(SLOT), meta.getBlockTime().getTimestamp());
    assertEquals(1, meta.getExecutedTransactionCount());
    SubscribeUpdateBlockMeta fork = metas.get(1).getBlockMeta();
    assertEquals(List.of(SLOT, "Fork", "ForkParent", false), List.of(fork.getSlot(), fork.getBlockhash(),
        fork.getParentBlockhash(), fork.hasBlockTime()));
    assertFalse(noMeta.updates.stream().anyMatch(SubscribeUpdate::hasBlockMeta), "no blocks_meta filter, no block meta");
  }

  @Test
  void aReplayFromBelowTheWindowIsOutOfRange() {
    sendConfirmed(SLOT - 1, SLOT, SLOT + 1).keepFrom(SLOT);

    awaitEnd(open(from(SLOT - 1)), GrpcStatus.OUT_OF_RANGE,
        "broadcast from 299999999 is not available, last available: 300000000");
    GeyserCall kept = open(from(SLOT));
    await().atMost(WAIT).until(() -> kept.slots().equals(List.of(SLOT, SLOT + 1)));
  }

  @Test
  void aServerWithoutReplayRefusesFromSlot() {
    server.refuseReplay();
    awaitEnd(open(from(SLOT)), GrpcStatus.INTERNAL, "from_slot is not supported");
    subscribed(subscription()); // without from_slot all is well
  }

  @Test
  void aReplayStartingEarlierSendsASlotTwice() {
    GeyserCall call = subscribed(subscription());
    sendConfirmed(SLOT - 1, SLOT).replayEarlierBy(1);
    await().atMost(WAIT).until(() -> call.slots().equals(List.of(SLOT - 1, SLOT)));

    GeyserCall again = open(from(SLOT));
    await().atMost(WAIT).until(() -> again.slots().equals(List.of(SLOT - 1, SLOT)));
  }

  @Test
  void aSilentServerWritesNothingUntilItSpeaks() {
    GeyserCall call = subscribed(subscription());
    server.goSilent();
    sendConfirmed(SLOT).ping();
    call.ping(5);
    await().atMost(WAIT).until(() -> server.requests().stream().anyMatch(SubscribeRequest::hasPing));
    await().during(QUIET).atMost(WAIT).until(() -> call.updates.isEmpty() && call.status() == null);

    server.speak();
    await().atMost(WAIT).until(() -> server.pingsAnswered() == 1 && call.updates.size() == 4);
    assertEquals(List.of(UpdateOneofCase.SLOT, UpdateOneofCase.PING, UpdateOneofCase.PONG, UpdateOneofCase.PONG),
        call.updates.stream().map(SubscribeUpdate::getUpdateOneofCase).toList(),
        "what waited, in order, then the pong to the answer to the ping");
    assertEquals(List.of(5, 1), call.updates.stream().filter(SubscribeUpdate::hasPong)
        .map(update -> update.getPong().getId()).toList());
  }

  @Test
  void aCutEndsEveryCallWithUnavailable() {
    GeyserCall call = subscribed(subscription());
    sendConfirmed(SLOT);
    await().atMost(WAIT).until(() -> call.slots().size() == 1);
    server.cut();
    awaitEnd(call, GrpcStatus.UNAVAILABLE, "stream cut by the test server");
    assertEquals(0, server.subscribers());

    sendConfirmed(SLOT + 1);
    GeyserCall again = open(from(SLOT));
    await().atMost(WAIT).until(() -> again.slots().equals(List.of(SLOT, SLOT + 1)));
    assertEquals(List.of(SLOT), call.slots());
  }

  @Test
  void aClientThatReadsTooSlowlyIsCutAsLagged() {
    server.lagCutAfterQueued(10);
    GeyserCall call = subscribed(subscription());
    call.pause();
    int count = windowsFull();
    sendTransactions(count);
    await().atMost(WAIT).until(() -> server.subscribers() == 0);

    call.resume(); // the status comes after what HTTP/2 had taken before the cut
    await().atMost(WAIT).until(() -> call.status() != null);
    assertEquals(GrpcStatus.INTERNAL, call.status());
    assertTrue(call.statusMessage().contains("lagged"), call.statusMessage());
    assertTrue(call.updates.size() < count, "cut before all were written: " + call.updates.size());
  }

  @Test
  void aSlowClientLosesNothingWithoutALagCut() {
    GeyserCall call = subscribed(subscription());
    call.pause();
    int count = windowsFull();
    sendTransactions(count);
    call.resume();

    await().atMost(WAIT).until(() -> call.updates.size() == count);
    assertEquals(LongStream.range(0, count).boxed().toList(),
        call.updates.stream().map(update -> update.getTransaction().getTransaction().getIndex()).toList());
    assertNull(call.status());
  }

  /** A real swap of a few KiB, converted once. */
  private static SubscribeUpdate swap() {
    return GeyserTransactions.update(BlockTransactions.swap("jeffro__pumpfun_buy_0.json"), SLOT, 0);
  }

  /** Enough of {@link #swap} to fill the client's HTTP/2 window ({@link GeyserClients#STREAM_WINDOW_BYTES}) twice and more. */
  private static int windowsFull() {
    return 2 * GeyserClients.STREAM_WINDOW_BYTES / swap().getSerializedSize() + 300;
  }

  private void sendTransactions(int count) {
    SubscribeUpdate swap = swap();
    for (int i = 0; i < count; i++) {
      SubscribeUpdate.Builder update = swap.toBuilder();
      update.getTransactionBuilder().getTransactionBuilder().setIndex(i);
      server.send(update.build());
    }
  }

  @Test
  void aCallWithoutTheTokenIsRefused() {
    server.requireToken("secret");
    awaitEnd(open(subscription()), GrpcStatus.UNAUTHENTICATED, "No valid auth token");
    awaitEnd(open("wrong", subscription()), GrpcStatus.UNAUTHENTICATED, "No valid auth token");
    open("secret", subscription());
    await().atMost(WAIT).until(() -> server.subscribers() == 1);
    assertEquals(List.of("", "wrong", "secret"), server.tokensSeen());
    assertEquals(3, server.calls());
  }

  @Test
  void pingsAnsweredCountsOnlyAnswersToTheServersPings() {
    GeyserCall call = subscribed(subscription());
    call.ping(9);
    await().atMost(WAIT).until(() -> call.updates.stream().anyMatch(SubscribeUpdate::hasPong));
    assertEquals(0, server.pingsAnswered(), "the client's own ping");

    server.ping();
    await().atMost(WAIT).until(() -> server.pingsAnswered() == 1);
  }
}
