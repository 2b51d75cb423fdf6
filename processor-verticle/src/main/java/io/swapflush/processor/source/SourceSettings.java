package io.swapflush.processor.source;

/** Which source feeds the processor, with its own settings. */
public sealed interface SourceSettings {

  /** Generated transactions in getTransaction form, at a steady rate. */
  record Synthetic(double ratePerSecond) implements SourceSettings {
  }

  /** A file of one transaction document per line, replayed once; position = line number. */
  record Jsonl(String path) implements SourceSettings {
  }

  /** Documents posted to {@code POST /transactions}, handed over on the event bus. */
  record Http() implements SourceSettings {
  }
}
