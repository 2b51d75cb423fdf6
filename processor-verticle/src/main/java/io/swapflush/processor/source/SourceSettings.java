package io.swapflush.processor.source;

/** Which source feeds the processor, with its own settings. */
public sealed interface SourceSettings {

  /** Generated transactions in getTransaction form, at a steady rate. */
  record Synthetic(double ratePerSecond) implements SourceSettings {
  }

  /**
   * A file of one transaction document per line; position = line number. Resumes after the
   * checkpoint stored for {@code sourceId} unless {@code fromStart}; with {@code follow} it keeps
   * reading lines appended to the file, and starts over when the file is truncated or rotated.
   */
  record Jsonl(String path, String sourceId, boolean fromStart, boolean follow) implements SourceSettings {

    /** Replays the file once from its start; its checkpoint id is the path. */
    public Jsonl(String path) {
      this(path, path, true, false);
    }
  }

  /** Documents posted to {@code POST /transactions}, handed over on the event bus. */
  record Http() implements SourceSettings {
  }
}
