package io.swapflush.processor.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;

/** Documents posted to {@code POST /transactions}, handed over on the event bus. */
public record HttpSourceSettings() implements SourceSettings {

  @Override
  public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
    return new HttpSource();
  }
}
