package io.swapflush.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Makes a chain of getBlock results slot after slot, linked as Solana links them: each block's
 * {@code parentSlot} is the previous slot that has a block (skipped slots have none), its
 * {@code previousBlockhash} that block's {@code blockhash} (random base58 of 32 bytes),
 * {@code blockHeight} one more than the parent's, {@code blockTime} 400 ms a slot (so never
 * decreasing, several slots sharing a second). {@link #fork} branches it.
 *
 * <pre>{@code
 * ChainBuilder chain = new ChainBuilder(1_000).skip(slot -> slot % 10 == 7)
 *     .transactions(slot -> List.of(BlockTransactions.withFreshSignature(swap)));
 * server.addBlocks(chain.next(100)).setHead(1_099);
 * server.replaceFrom(1_090, chain.fork(1_090).next(12)).setHead(1_101);
 * }</pre>
 */
public final class ChainBuilder {

  /** Mainnet's genesis time: slot 0's blockTime. */
  private static final long SLOT_ZERO_TIME = 1_584_368_940L;

  private final Random random;
  private final Link origin;
  private final NavigableMap<Long, Link> produced = new TreeMap<>();
  private LongPredicate skipped = slot -> false;
  private LongFunction<List<JsonObject>> transactions = slot -> List.of();
  private long nextSlot;

  /** A chain whose first slot is {@code firstSlot}, its parent a block one slot before. */
  public ChainBuilder(long firstSlot) {
    this(firstSlot, new Random());
  }

  /** The same, its hashes drawn from {@code random} (seeded: the same chain every run). */
  public ChainBuilder(long firstSlot, Random random) {
    this(random, new Link(firstSlot - 1, Base58.random(random, 32), Math.max(0, firstSlot - 1)), firstSlot);
  }

  private ChainBuilder(Random random, Link origin, long nextSlot) {
    this.random = random;
    this.origin = origin;
    this.nextSlot = nextSlot;
  }

  /** Which slots are skipped (no block), from now on; none by default. */
  public ChainBuilder skip(LongPredicate skipped) {
    this.skipped = skipped;
    return this;
  }

  /** The {@code transactions} entries of the block at a slot, from now on; none by default. */
  public ChainBuilder transactions(LongFunction<List<JsonObject>> transactions) {
    this.transactions = transactions;
    return this;
  }

  /** The next slot {@link #next} starts at. */
  public long nextSlot() {
    return nextSlot;
  }

  /** The blocks of the next {@code slots} slots, by slot; skipped slots are absent. */
  public NavigableMap<Long, JsonObject> next(int slots) {
    NavigableMap<Long, JsonObject> blocks = new TreeMap<>();
    for (long end = nextSlot + slots; nextSlot < end; nextSlot++) {
      if (skipped.test(nextSlot)) {
        continue;
      }
      Link parent = produced.isEmpty() ? origin : produced.lastEntry().getValue();
      Link link = new Link(nextSlot, Base58.random(random, 32), parent.blockHeight + 1);
      produced.put(nextSlot, link);
      blocks.put(nextSlot, new JsonObject()
          .put("blockHeight", link.blockHeight)
          .put("blockTime", SLOT_ZERO_TIME + nextSlot * 2 / 5)
          .put("blockhash", link.blockhash)
          .put("parentSlot", parent.slot)
          .put("previousBlockhash", parent.blockhash)
          .put("rewards", new JsonArray())
          .put("transactions", new JsonArray(List.copyOf(transactions.apply(nextSlot)))));
    }
    return blocks;
  }

  /**
   * A branch that leaves this chain before {@code fromSlot}: its first block (at {@code fromSlot}
   * or the first slot after it that the branch does not skip) has for parent this chain's last
   * block before {@code fromSlot}, and new blockhashes from there on. It starts with this chain's
   * rules; give it others with {@link #skip} and {@link #transactions}.
   */
  public ChainBuilder fork(long fromSlot) {
    if (fromSlot <= origin.slot || fromSlot > nextSlot) {
      throw new IllegalArgumentException("a fork leaves the chain between slots " + (origin.slot + 1) + " and "
          + nextSlot + ", not at " + fromSlot);
    }
    Map.Entry<Long, Link> parent = produced.lowerEntry(fromSlot);
    return new ChainBuilder(random, parent == null ? origin : parent.getValue(), fromSlot)
        .skip(skipped).transactions(transactions);
  }

  private record Link(long slot, String blockhash, long blockHeight) {
  }
}
