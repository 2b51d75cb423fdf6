package io.swapflush.source.rpc;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.ToLongFunction;

/**
 * The last blocks handed on, newest last, with their positions: where a fork's new branch can join
 * the chain the source has read. Bounded: a fork deeper than it is not followed. Each block is the
 * parent of the next (the source hands on only blocks that follow the last), so slot and blockhash
 * are all it keeps. The same blocks travel in every cursor, so that they are durable with the
 * checkpoint, in the same statement: a restart follows a fork back exactly as a running source does.
 */
public final class ChainTail {

  public record Block(long position, long slot, String blockhash, Long blockTime) {
  }

  private final int capacity;
  private final ArrayDeque<Block> blocks = new ArrayDeque<>();

  public ChainTail(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The tail a cursor holds, the cursor's block last at {@code position}; a cursor of an older build
   * holds only that block.
   */
  public static ChainTail fromCursor(String cursor, long position, int capacity) {
    JsonObject json = new JsonObject(cursor);
    ChainTail tail = new ChainTail(capacity);
    JsonArray recent = json.getJsonArray("recent");
    if (recent == null || recent.isEmpty()) {
      tail.add(new Block(position, json.getLong("slot"), json.getString("blockhash"), null));
      return tail;
    }
    for (int i = 0; i < recent.size(); i++) {
      JsonArray block = recent.getJsonArray(i);
      tail.add(new Block(position - (recent.size() - 1 - i), block.getLong(0), block.getString(1), null));
    }
    return tail;
  }

  /** The cursor of the last block: its slot and blockhash, and the blocks before it, oldest first. */
  public String cursor() {
    Block last = blocks.peekLast();
    JsonArray recent = new JsonArray();
    blocks.forEach(block -> recent.add(new JsonArray().add(block.slot()).add(block.blockhash())));
    return new JsonObject().put("slot", last.slot()).put("blockhash", last.blockhash()).put("recent", recent).encode();
  }

  public void add(Block block) {
    blocks.addLast(block);
    if (blocks.size() > capacity) {
      blocks.removeFirst();
    }
  }

  public Block last() {
    return blocks.peekLast();
  }

  /** The block read at {@code slot}; null when none is kept. */
  public Block atSlot(long slot) {
    return find(Block::slot, slot);
  }

  /** The block handed on at {@code position}; null when it is not kept. */
  public Block at(long position) {
    return find(Block::position, position);
  }

  /** The newest block whose {@code key} is {@code value}; both keys grow along the tail. */
  private Block find(ToLongFunction<Block> key, long value) {
    for (Iterator<Block> it = blocks.descendingIterator(); it.hasNext(); ) {
      Block block = it.next();
      if (key.applyAsLong(block) <= value) {
        return key.applyAsLong(block) == value ? block : null;
      }
    }
    return null;
  }

  /** Whether {@code slot} lies before every block kept: a fork reaching back there cannot be followed. */
  public boolean before(long slot) {
    return blocks.isEmpty() || slot < blocks.peekFirst().slot();
  }

  /** Forgets the blocks after {@code block}, which are no longer on the chain. */
  public void truncateAfter(Block block) {
    while (!blocks.isEmpty() && blocks.peekLast().slot() > block.slot()) {
      blocks.removeLast();
    }
  }
}
