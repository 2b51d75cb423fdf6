package io.swapflush.launcher;

import io.swapflush.geyser.SlotStatus;
import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.GeyserServer;
import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One provider's chain going on: the next block of a {@link ChainBuilder} every few milliseconds,
 * served by its JSON-RPC node (the head moved to it) and then streamed by its Geyser server at
 * the given statuses, from a thread of the feed's own. Faults that must fall between or inside
 * blocks ({@link #cutMidSlot}) run on that thread too.
 */
final class GeyserFeed implements AutoCloseable {

  private final GeyserServer geyser;
  private final SolanaRpcServer rpc;
  private final ChainBuilder chain;
  private final SlotStatus[] statuses;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();
  private final NavigableMap<Long, JsonObject> sent = new ConcurrentSkipListMap<>();
  private ScheduledFuture<?> pacing;

  GeyserFeed(GeyserServer geyser, SolanaRpcServer rpc, ChainBuilder chain, SlotStatus... statuses) {
    this.geyser = geyser;
    this.rpc = rpc;
    this.chain = chain;
    this.statuses = statuses;
  }

  /** Streams {@code blocksPerSecond} blocks a second until {@link #stop}. */
  GeyserFeed start(int blocksPerSecond) {
    pacing = thread.scheduleAtFixedRate(() -> send(nextBlock()), 0, 1_000_000 / blocksPerSecond,
        TimeUnit.MICROSECONDS);
    return this;
  }

  /** Stops streaming; returns once the block being sent is. */
  void stop() {
    pacing.cancel(false);
    onFeedThread(() -> {
    });
  }

  /** Every block sent so far, by slot. */
  NavigableMap<Long, JsonObject> sent() {
    return new TreeMap<>(sent);
  }

  /** The slot of the last block sent; the slot before the first while none was. */
  long lastSlot() {
    return sent.isEmpty() ? chain.nextSlot() - 1 : sent.lastKey();
  }

  /**
   * The next block's first transactions, then every call cut (UNAVAILABLE), then the rest of it:
   * the slot is half given on the old stream, whole only on the new one.
   */
  void cutMidSlot() {
    onFeedThread(() -> {
      NavigableMap<Long, JsonObject> block = nextBlock();
      long slot = block.firstKey();
      JsonObject json = block.firstEntry().getValue();
      rpc.addBlock(slot, json).setHead(slot);
      JsonArray transactions = json.getJsonArray("transactions");
      int half = transactions.size() / 2 + 1; // the votes and at least one swap
      for (int i = 0; i < transactions.size(); i++) {
        if (i == half) {
          geyser.cut();
        }
        geyser.sendTransaction(transactions.getJsonObject(i), slot, i);
      }
      long parent = json.getLong("parentSlot");
      geyser.sendBlockMeta(slot, json.getString("blockhash"), parent, json.getString("previousBlockhash"),
          json.getLong("blockTime"));
      for (SlotStatus status : statuses) {
        geyser.sendSlot(slot, parent, status);
      }
      sent.put(slot, json);
    });
  }

  private NavigableMap<Long, JsonObject> nextBlock() {
    NavigableMap<Long, JsonObject> block;
    do {
      block = chain.next(1);
    } while (block.isEmpty());
    return block;
  }

  /** Served over JSON-RPC before it is streamed: whatever the stream cannot replay, the node has. */
  private void send(NavigableMap<Long, JsonObject> block) {
    block.forEach((slot, json) -> {
      rpc.addBlock(slot, json).setHead(slot);
      geyser.sendBlock(slot, json, statuses);
      sent.put(slot, json);
    });
  }

  private void onFeedThread(Runnable task) {
    try {
      thread.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
