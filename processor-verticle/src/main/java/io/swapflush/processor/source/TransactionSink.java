package io.swapflush.processor.source;

import io.swapflush.event.Rewind;
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
   * The same for a source whose input has several sequences, each with a checkpoint of its own
   * (a Kafka topic's partitions): {@code checkpointId} names the one {@code position} belongs to.
   */
  IngestResult accept(String checkpointId, byte[] document, long position, String cursor);

  /**
   * The transactions of one position already split out of their input (a block's), each a decoded
   * transaction object: they become one message with all their events, even none.
   */
  IngestResult acceptTransactions(List<Object> transactions, long position, String cursor);

  /** The source went back over a fork: what it handed on after {@code rewind.to()} is abandoned. */
  void rewind(Rewind rewind);

  /** An input the source could not even read as a document (e.g. a line beyond the size limit). */
  void reject(String reason, String message, long position, String cursor);

  /** The same for the sequence {@code checkpointId} of a source that has several. */
  void reject(String checkpointId, String reason, String message, long position, String cursor);
}
