package io.swapflush.testsupport;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The transactions of a mainnet-sized block for the benchmark: votes (about 70 % of a block's
 * transactions on mainnet) padding real swaps, all {@code json}-encoded, each with a fresh
 * signature, in random order.
 */
public final class RealSizeBlocks {

  /**
   * Transactions in a block: about 1 300 votes (one a validator a slot) and 500 others, as on
   * mainnet; with these fixtures (swaps of 5 to 25 kB, votes of 1 kB) about 7.6 MB of JSON.
   */
  public static final int TRANSACTIONS = 1_800;
  public static final double VOTE_SHARE = 0.7;

  private RealSizeBlocks() {
  }

  /** {@link #TRANSACTIONS} entries; use as {@code chain.transactions(slot -> RealSizeBlocks.transactions(random))}. */
  public static List<JsonObject> transactions(Random random) {
    return transactions(random, TRANSACTIONS);
  }

  /** {@code count} entries, {@link #VOTE_SHARE} of them votes, the rest swaps drawn at random. */
  public static List<JsonObject> transactions(Random random, int count) {
    List<JsonObject> votes = BlockTransactions.votes();
    List<JsonObject> swaps = BlockTransactions.jsonEncodedSwaps();
    int voteCount = (int) Math.round(count * VOTE_SHARE);
    List<JsonObject> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      List<JsonObject> from = i < voteCount ? votes : swaps;
      entries.add(BlockTransactions.withFreshSignature(from.get(random.nextInt(from.size()))));
    }
    Collections.shuffle(entries, random);
    return entries;
  }
}
