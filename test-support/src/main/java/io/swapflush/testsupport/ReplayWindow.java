package io.swapflush.testsupport;

import io.swapflush.geyser.SubscribeUpdate;
import io.vertx.grpc.common.GrpcStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link GeyserServer} keeps for {@code from_slot} replays, and how it answers them: from
 * the first kept slot on (all by default), or refused as Yellowstone refuses a slot it no longer
 * has; optionally from earlier than asked. Not thread-safe: the server guards it with its lock.
 */
final class ReplayWindow {

  /** Why a call asking for a replay is ended at once instead. */
  record Refusal(GrpcStatus status, String message) {
  }

  private final List<SubscribeUpdate> kept = new ArrayList<>();
  private long firstKept = Long.MIN_VALUE;
  private boolean refused;
  private long earlierBy;

  /** Keeps {@code update} unless it is a ping: pings belong to the moment, a replay has none. */
  void keep(SubscribeUpdate update) {
    if (!update.hasPing() && slotOf(update) >= firstKept) {
      kept.add(update);
    }
  }

  /** Forgets the updates below {@code slot}; a replay asked from below it is refused. */
  void keepFrom(long slot) {
    firstKept = slot;
    kept.removeIf(update -> slotOf(update) < slot);
  }

  void refuse() {
    refused = true;
  }

  void startEarlierBy(long slots) {
    earlierBy = slots;
  }

  /** Yellowstone's answer to a {@code from_slot} it cannot serve, word for word; null when it can. */
  Refusal refusal(long fromSlot) {
    if (refused) {
      return new Refusal(GrpcStatus.INTERNAL, "from_slot is not supported");
    }
    if (fromSlot < firstKept) {
      return new Refusal(GrpcStatus.OUT_OF_RANGE,
          "broadcast from " + fromSlot + " is not available, last available: " + firstKept);
    }
    return null;
  }

  /** The kept updates of {@code fromSlot} on (or from earlier, see {@link #startEarlierBy}), in the order sent. */
  List<SubscribeUpdate> from(long fromSlot) {
    long start = fromSlot - earlierBy;
    return kept.stream().filter(update -> slotOf(update) >= start).toList();
  }

  private static long slotOf(SubscribeUpdate update) {
    return switch (update.getUpdateOneofCase()) {
      case TRANSACTION -> update.getTransaction().getSlot();
      case SLOT -> update.getSlot().getSlot();
      case BLOCK_META -> update.getBlockMeta().getSlot();
      default -> throw new IllegalArgumentException("a server sends no such update: " + update.getUpdateOneofCase());
    };
  }
}
