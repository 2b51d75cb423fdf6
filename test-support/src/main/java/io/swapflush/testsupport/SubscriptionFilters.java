package io.swapflush.testsupport;

import com.google.protobuf.ByteString;
import io.swapflush.geyser.CommitmentLevel;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeRequestFilterSlots;
import io.swapflush.geyser.SubscribeRequestFilterTransactions;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdateSlot;
import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Geyser subscription's filters, as a server applies them: an update goes to the client with the
 * names of the filters it matched, or not at all when it matches none.
 */
final class SubscriptionFilters {

  /** Slot statuses sent only to a client asking for {@code interslot_updates}. */
  private static final Set<SlotStatus> INTERSLOT = Set.of(SlotStatus.SLOT_FIRST_SHRED_RECEIVED,
      SlotStatus.SLOT_COMPLETED, SlotStatus.SLOT_CREATED_BANK);

  private static final Map<String, ByteString> DECODED = new ConcurrentHashMap<>();

  private final SubscribeRequest request;

  SubscriptionFilters(SubscribeRequest request) {
    this.request = request;
  }

  /** The names of the filters {@code update} matches (none for a kind of update this server does not filter). */
  List<String> matching(SubscribeUpdate update) {
    return switch (update.getUpdateOneofCase()) {
      case TRANSACTION -> names(request.getTransactionsMap(), filter -> matches(filter,
          update.getTransaction().getTransaction()));
      case SLOT -> names(request.getSlotsMap(), filter -> matches(filter, update.getSlot()));
      case BLOCK_META -> names(request.getBlocksMetaMap(), filter -> true); // the filter has no fields: any block
      default -> List.of();
    };
  }

  private static <F> List<String> names(Map<String, F> filters, java.util.function.Predicate<F> matches) {
    return filters.entrySet().stream().filter(entry -> matches.test(entry.getValue())).map(Map.Entry::getKey)
        .sorted().toList();
  }

  /** A filter's key as bytes; one that is not base58 names no account (and matches none). */
  private static ByteString bytes(String key) {
    return DECODED.computeIfAbsent(key, k -> {
      try {
        return ByteString.copyFrom(Base58.decode(k));
      } catch (IllegalArgumentException e) {
        return ByteString.copyFromUtf8("not base58: " + k);
      }
    });
  }

  private static boolean matches(SubscribeRequestFilterTransactions filter, SubscribeUpdateTransactionInfo info) {
    if (filter.hasVote() && filter.getVote() != info.getIsVote()
        || filter.hasFailed() && filter.getFailed() != info.getMeta().hasErr()
        || filter.hasSignature() && !filter.getSignature().equals(Base58.encode(info.getSignature().toByteArray()))) {
      return false;
    }
    // compared as bytes, the filter's keys decoded once: not every key of every update base58-encoded
    // (BigInteger arithmetic on the server's event loop, which the benchmark's rows share the cores with)
    Set<ByteString> keys = new HashSet<>(info.getTransaction().getMessage().getAccountKeysList());
    keys.addAll(info.getMeta().getLoadedWritableAddressesList());
    keys.addAll(info.getMeta().getLoadedReadonlyAddressesList());
    return (filter.getAccountIncludeCount() == 0
            || filter.getAccountIncludeList().stream().anyMatch(key -> keys.contains(bytes(key))))
        && filter.getAccountExcludeList().stream().noneMatch(key -> keys.contains(bytes(key)))
        && filter.getAccountRequiredList().stream().allMatch(key -> keys.contains(bytes(key)));
  }

  private boolean matches(SubscribeRequestFilterSlots filter, SubscribeUpdateSlot slot) {
    if (filter.getFilterByCommitment()) {
      return slot.getStatus() == statusOf(request.getCommitment());
    }
    return filter.getInterslotUpdates() || !INTERSLOT.contains(slot.getStatus());
  }

  private static SlotStatus statusOf(CommitmentLevel commitment) {
    return switch (commitment) {
      case FINALIZED -> SlotStatus.SLOT_FINALIZED;
      case CONFIRMED -> SlotStatus.SLOT_CONFIRMED;
      default -> SlotStatus.SLOT_PROCESSED;
    };
  }
}
