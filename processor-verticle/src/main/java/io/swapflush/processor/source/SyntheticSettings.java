package io.swapflush.processor.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;

/** Generated transactions in getTransaction form, at a steady rate. */
public record SyntheticSettings(double ratePerSecond) implements SourceSettings {

  /** The highest rate the generator runs at without monopolising its event loop. */
  public static final double MAX_RATE_PER_SECOND = SyntheticSource.MAX_RATE_PER_SECOND;

  @Override
  public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
    return new SyntheticSource(ratePerSecond);
  }
}
