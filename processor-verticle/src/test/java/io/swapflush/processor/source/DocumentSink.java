package io.swapflush.processor.source;

import io.swapflush.event.Rewind;
import java.util.List;

/**
 * A sink for tests of a source that hands on whole documents of one sequence: split transactions or
 * a rewind would be a bug.
 */
abstract class DocumentSink implements TransactionSink {

  @Override
  public IngestResult accept(String checkpointId, byte[] document, long position, String cursor) {
    return accept(document, position, cursor);
  }

  @Override
  public void reject(String checkpointId, String reason, String message, long position, String cursor) {
    reject(reason, message, position, cursor);
  }

  @Override
  public IngestResult acceptTransactions(List<Object> transactions, long position, String cursor) {
    throw new AssertionError("a document source hands on documents, not split transactions");
  }

  @Override
  public void rewind(Rewind rewind) {
    throw new AssertionError("a document source never rewinds");
  }
}
