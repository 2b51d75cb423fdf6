package io.swapflush.launcher;

import io.swapflush.parse.TransactionParser;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;

/** A chain for the rpc source's end-to-end tests: every 5th slot skipped, each block two votes and a fresh swap. */
final class TestChain {

  private TestChain() {
  }

  /** Serves {@code slots} slots from {@code firstSlot} on {@code server}, the head at the last block. */
  static NavigableMap<Long, JsonObject> serve(SolanaRpcServer server, long firstSlot, int slots) {
    return serve(server, builder(firstSlot), slots);
  }

  /** Serves the next {@code slots} slots of {@code chain} on {@code server}, the head at the last block. */
  static NavigableMap<Long, JsonObject> serve(SolanaRpcServer server, ChainBuilder chain, int slots) {
    NavigableMap<Long, JsonObject> blocks = chain.next(slots);
    server.addBlocks(blocks).setHead(blocks.lastKey());
    return blocks;
  }

  /** The chain's builder from {@code firstSlot}, to serve it in parts or fork it ({@link ChainBuilder#fork}). */
  static ChainBuilder builder(long firstSlot) {
    List<JsonObject> swaps = BlockTransactions.jsonEncodedSwaps();
    List<JsonObject> votes = BlockTransactions.votes().subList(0, 2);
    return new ChainBuilder(firstSlot, new Random(9)).skip(slot -> slot % 5 == 0).transactions(slot -> {
      List<JsonObject> entries = new ArrayList<>(votes);
      entries.add(BlockTransactions.withFreshSignature(swaps.get((int) (slot % swaps.size()))));
      return entries;
    });
  }

  /** The keys of the events the parser finds in the blocks' transactions that have a status. */
  static Set<String> keysOf(NavigableMap<Long, JsonObject> blocks) {
    TransactionParser parser = new TransactionParser(1 << 24);
    Set<String> keys = new HashSet<>();
    blocks.forEach((slot, block) -> block.getJsonArray("transactions").stream().map(JsonObject.class::cast)
        .filter(entry -> entry.getValue("meta") != null)
        .map(entry -> entry.copy().put("slot", slot).put("blockTime", block.getValue("blockTime")))
        .forEach(tx -> parser.parse(parser.split(tx.encode()).get(0)).events()
            .forEach(e -> keys.add(e.signature() + "|" + e.trader() + "|" + e.baseMint()))));
    return keys;
  }
}
