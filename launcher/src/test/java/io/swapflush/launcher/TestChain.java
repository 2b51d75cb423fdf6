package io.swapflush.launcher;

import io.swapflush.event.SwapEvent;
import io.swapflush.parse.TransactionParser;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.SolanaRpcServer;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A chain for the end-to-end tests: every 5th slot skipped, each block two votes and fresh swaps. */
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
    return builder(firstSlot, 1);
  }

  /** The same chain with {@code swaps} swaps (of different fixtures) in each block. */
  static ChainBuilder builder(long firstSlot, int swaps) {
    List<JsonObject> fixtures = BlockTransactions.jsonEncodedSwaps();
    List<JsonObject> votes = BlockTransactions.votes().subList(0, 2);
    return new ChainBuilder(firstSlot, new Random(9)).skip(slot -> slot % 5 == 0).transactions(slot -> {
      List<JsonObject> entries = new ArrayList<>(votes);
      for (int i = 0; i < swaps; i++) {
        entries.add(BlockTransactions.withFreshSignature(fixtures.get((int) ((slot + i) % fixtures.size()))));
      }
      return entries;
    });
  }

  /** {@code before}, then {@code after} (a branch replacing what {@code before} has from its first slot). */
  static NavigableMap<Long, JsonObject> joined(NavigableMap<Long, JsonObject> before,
      NavigableMap<Long, JsonObject> after) {
    NavigableMap<Long, JsonObject> chain = new TreeMap<>(before);
    chain.putAll(after);
    return chain;
  }

  /** The keys of the events the parser finds in the blocks' transactions that have a status. */
  static Set<String> keysOf(NavigableMap<Long, JsonObject> blocks) {
    Set<String> keys = new HashSet<>();
    eventsOf(blocks, e -> keys.add(e.signature() + "|" + e.trader() + "|" + e.baseMint()));
    return keys;
  }

  /** Each row the blocks' swaps make: its key, its block's slot and time (epoch seconds), as {@link #storedRows}. */
  static Set<String> rowsOf(NavigableMap<Long, JsonObject> blocks) {
    Set<String> rows = new HashSet<>();
    eventsOf(blocks, e -> rows.add(e.signature() + "|" + e.trader() + "|" + e.baseMint() + "|" + e.slot() + "|"
        + e.blockTime()));
    return rows;
  }

  /** The rows of {@code swap_events} in the form of {@link #rowsOf}. */
  static Set<String> storedRows(TestDatabase db) {
    Set<String> stored = new HashSet<>();
    db.query("SELECT signature || '|' || trader || '|' || base_mint || '|' || slot || '|' "
        + "|| extract(epoch FROM block_time)::bigint FROM swap_events").forEach(r -> stored.add(r.getString(0)));
    return stored;
  }

  private static void eventsOf(NavigableMap<Long, JsonObject> blocks, Consumer<SwapEvent> events) {
    TransactionParser parser = new TransactionParser(1 << 24);
    blocks.forEach((slot, block) -> block.getJsonArray("transactions").stream().map(JsonObject.class::cast)
        .filter(entry -> entry.getValue("meta") != null)
        .map(entry -> entry.copy().put("slot", slot).put("blockTime", block.getValue("blockTime")))
        .forEach(tx -> parser.parse(parser.split(tx.encode()).get(0)).events().forEach(events)));
  }
}
