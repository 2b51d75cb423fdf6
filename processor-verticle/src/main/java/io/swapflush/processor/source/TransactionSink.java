package io.swapflush.processor.source;

import java.util.List;

/** Where a source delivers its input. Called on the processor's event loop. */
public interface TransactionSink {

  /**
   * One input document (a transaction or an array of them, UTF-8; empty for a blank line) found at
   * {@code position} in the source ({@link io.swapflush.event.TransactionEvents#NO_POSITION} for
   * sources without positions), with the cursor to store should it become the checkpoint (may be null).
   */
  IngestResult accept(byte[] document, long position, String cursor);

  /**
   * The transactions of one position already split out of their input (a block's), each a decoded
   * transaction object: they become one message with all their events, even none.
   */
  IngestResult acceptTransactions(List<Object> transactions, long position, String cursor);

  /** An input the source could not even read as a document (e.g. a line beyond the size limit). */
  void reject(String reason, String message, long position, String cursor);
}
