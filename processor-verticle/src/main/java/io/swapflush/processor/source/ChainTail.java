package io.swapflush.processor.source;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The last blocks handed on, newest last, with their positions: where a fork's new branch can join
 * the chain the source has read. Bounded: a fork deeper than it is not followed.
 */
final class ChainTail {

  record Block(long position, long slot, String blockhash, Long blockTime) {
  }

  private final int capacity;
  private final ArrayDeque<Block> blocks = new ArrayDeque<>();

  ChainTail(int capacity) {
    this.capacity = capacity;
  }

  void add(Block block) {
    blocks.addLast(block);
    if (blocks.size() > capacity) {
      blocks.removeFirst();
    }
  }

  Block last() {
    return blocks.peekLast();
  }

  /** The block read at {@code slot} if its hash is {@code blockhash}; null otherwise. */
  Block find(long slot, String blockhash) {
    for (Iterator<Block> it = blocks.descendingIterator(); it.hasNext(); ) {
      Block block = it.next();
      if (block.slot() == slot) {
        return block.blockhash().equals(blockhash) ? block : null;
      }
    }
    return null;
  }

  /** The block handed on at {@code position}; null when it is not kept. */
  Block at(long position) {
    for (Iterator<Block> it = blocks.descendingIterator(); it.hasNext(); ) {
      Block block = it.next();
      if (block.position() <= position) {
        return block.position() == position ? block : null;
      }
    }
    return null;
  }

  /** Whether {@code slot} lies before every block kept: a fork reaching back there cannot be followed. */
  boolean before(long slot) {
    return blocks.isEmpty() || slot < blocks.peekFirst().slot();
  }

  /** Forgets the blocks after {@code block}, which are no longer on the chain. */
  void truncateAfter(Block block) {
    while (!blocks.isEmpty() && blocks.peekLast().slot() > block.slot()) {
      blocks.removeLast();
    }
  }
}
