package io.swapflush.processor.source;

import io.swapflush.source.IngestResult;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;

/**
 * A sink for tests of a source that hands on whole documents of one sequence: blocks or a rewind
 * would be a bug.
 */
abstract class DocumentSink implements RecordSink {

  @Override
  public IngestResult deliver(SourceRecord record) {
    if (record instanceof SourceRecord.Document d) {
      return accept(d.document(), d.position(), d.cursor());
    }
    if (record instanceof SourceRecord.Rejected r) {
      reject(r.reason(), r.message(), r.position(), r.cursor());
      return IngestResult.rejected(r.message());
    }
    throw new AssertionError("a document source hands on documents, not " + record);
  }

  abstract IngestResult accept(byte[] document, long position, String cursor);

  abstract void reject(String reason, String message, long position, String cursor);
}
