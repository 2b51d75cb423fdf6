package io.swapflush.source;

/** Where a source delivers its record stream. Called on the processor's event loop, in order. */
@FunctionalInterface
public interface RecordSink {

  /** Takes the next record; for a document, says what became of its transactions. */
  IngestResult deliver(SourceRecord record);
}
