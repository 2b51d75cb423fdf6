package io.swapflush.testsupport;

import io.swapflush.testsupport.ServedBlock.TransactionDetails;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the server knows of the chain — blocks by slot, a head per commitment, where its own ledger
 * starts — and how a node answers getSlot, getBlocks and getBlock from it (after Agave's
 * {@code JsonRpcRequestProcessor}). Changed by a test's thread while the event loop reads it: every
 * field is safe to read concurrently, and one change is one map or array operation.
 */
final class SolanaLedger {

  private final NavigableMap<Long, ServedBlock> blocks = new ConcurrentSkipListMap<>();
  /** Slots whose block getBlocks leaves out (getBlock still serves it). */
  private final Set<Long> unlisted = ConcurrentHashMap.newKeySet();
  private final AtomicLongArray heads = new AtomicLongArray(Commitment.values().length);
  private volatile long firstAvailable;
  private volatile boolean longTermStorage = true;

  void put(long slot, JsonObject block) {
    blocks.put(slot, ServedBlock.of(block));
  }

  void remove(long slot) {
    blocks.remove(slot);
  }

  /** Whether getBlocks lists {@code slot}'s block (it does unless told otherwise). */
  void listed(long slot, boolean listed) {
    if (listed) {
      unlisted.remove(slot);
    } else {
      unlisted.add(slot);
    }
  }

  /** The blocks from {@code slot} on become {@code branch}: its blocks first, then the old ones it lacks go. */
  void replaceFrom(long slot, Map<Long, JsonObject> branch) {
    branch.forEach((at, block) -> {
      if (at < slot) {
        throw new IllegalArgumentException("block " + at + " of a branch replacing from " + slot);
      }
    });
    branch.forEach(this::put);
    blocks.tailMap(slot, true).keySet().removeIf(at -> !branch.containsKey(at));
  }

  void setHead(Commitment commitment, long slot) {
    heads.set(commitment.ordinal(), slot);
  }

  long head(Commitment commitment) {
    return heads.get(commitment.ordinal());
  }

  void setFirstAvailable(long slot, boolean longTermStorage) {
    this.longTermStorage = longTermStorage;
    this.firstAvailable = slot;
  }

  /** The slots with a block in [start, min(end, head)]; {@code end} null: start + the maximum range. */
  JsonArray blocks(long start, Long end, Commitment commitment) {
    requireConfirmed(commitment);
    long last = Math.min(end == null ? start + RpcError.MAX_BLOCKS_RANGE : end, head(commitment));
    if (last < start) {
      return new JsonArray();
    }
    if (last - start > RpcError.MAX_BLOCKS_RANGE) {
      throw new RpcFailure(RpcError.slotRangeTooLarge());
    }
    // below the node's own ledger a provider answers from long-term storage, which has them all
    long from = longTermStorage ? start : Math.max(start, firstAvailable);
    JsonArray slots = new JsonArray();
    if (from <= last) {
      blocks.subMap(from, true, last, true).keySet().stream().filter(slot -> !unlisted.contains(slot))
          .forEach(slots::add);
    }
    return slots;
  }

  Buffer block(long slot, Commitment commitment, TransactionDetails details, boolean rewards, Integer maxVersion) {
    requireConfirmed(commitment);
    long finalized = head(Commitment.FINALIZED);
    ServedBlock block = blocks.get(slot);
    if (slot <= finalized) {
      if (slot < firstAvailable) {
        if (!longTermStorage) {
          throw new RpcFailure(RpcError.blockCleanedUp(slot, firstAvailable));
        }
        if (block == null) {
          throw new RpcFailure(RpcError.longTermStorageSlotSkipped(slot));
        }
      }
      if (block == null) {
        // check_blockstore_root: at or above the highest root the slot may still come
        throw new RpcFailure(slot >= finalized ? RpcError.blockNotAvailable(slot) : RpcError.slotSkipped(slot));
      }
      return block.encode(details, rewards, maxVersion);
    }
    if (commitment == Commitment.CONFIRMED && slot <= head(Commitment.CONFIRMED) && block != null) {
      return block.encode(details, rewards, maxVersion);
    }
    throw new RpcFailure(RpcError.blockNotAvailable(slot));
  }

  private static void requireConfirmed(Commitment commitment) {
    if (commitment == Commitment.PROCESSED) {
      throw new RpcFailure(RpcError.commitmentBelowConfirmed());
    }
  }
}
