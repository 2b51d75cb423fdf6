package io.swapflush.source;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Which source feeds the processor, with its own settings. Each kind makes its own source, so a
 * kind without a source cannot exist: nothing falls back to another source.
 */
public interface SourceSettings {

  /** The id the checkpoint of a positioned source is stored under; null for a source without positions. */
  default String sourceId() {
    return null;
  }

  /**
   * Whether one instance at a time reads the source (a file, a chain), the others standing by; a
   * source whose input is shared out among instances (Kafka partitions) says false.
   */
  default boolean singleReader() {
    return sourceId() != null;
  }

  /** The source these settings describe; {@code maxDocumentBytes} bounds one input document. */
  TransactionSource create(int maxDocumentBytes, MeterRegistry registry);
}
