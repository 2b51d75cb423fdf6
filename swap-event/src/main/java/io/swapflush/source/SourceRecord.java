package io.swapflush.source;

import io.swapflush.event.TransactionOutcome;
import java.util.List;

/**
 * One step of a source's ordered record stream. Every record names the sequence it belongs to (the
 * id a checkpoint is kept under; null for a source without positions), its position in that
 * sequence and the cursor to store should it become the checkpoint (opaque to all but the source;
 * may be null). Records of one sequence reach the flusher in the order they were delivered, and a
 * {@link Rewind} is a barrier: nothing delivered before it is applied after it, nothing delivered
 * after it before it.
 */
public sealed interface SourceRecord {

  String sequence();

  long position();

  String cursor();

  /** One input document (a transaction or an array of them, UTF-8; empty for a blank line). */
  record Document(String sequence, long position, String cursor, byte[] document) implements SourceRecord {
  }

  /**
   * The transactions of one position already split out of their input (a block's), each already
   * parsed, by the source off the event loop: they become one message with all their events, even none.
   */
  record Block(String sequence, long position, String cursor, List<TransactionOutcome> transactions)
      implements SourceRecord {

    public Block {
      transactions = List.copyOf(transactions);
    }
  }

  /** An input the source could not even read as a document (a line beyond the size limit, say). */
  record Rejected(String sequence, long position, String cursor, String reason, String message)
      implements SourceRecord {
  }

  /**
   * The source went back over a fork to {@code position}/{@code cursor}: what it delivered after
   * that is abandoned, and the rows of slots {@code afterSlot + 1} to {@code throughSlot} are no
   * longer on the chain.
   */
  record Rewind(String sequence, long position, String cursor, long afterSlot, long throughSlot)
      implements SourceRecord {
  }
}
