package io.swapflush.processor.source;

/**
 * Which source feeds the processor, with its own settings. Each kind makes its own source, so a
 * kind without a source cannot exist: nothing falls back to another source.
 */
public interface SourceSettings {

  /** The source these settings describe; {@code maxDocumentBytes} bounds one input document. */
  TransactionSource create(int maxDocumentBytes);

  /** Generated transactions in getTransaction form, at a steady rate. */
  record Synthetic(double ratePerSecond) implements SourceSettings {

    /** The highest rate the generator runs at without monopolising its event loop. */
    public static final double MAX_RATE_PER_SECOND = SyntheticSource.MAX_RATE_PER_SECOND;

    @Override
    public TransactionSource create(int maxDocumentBytes) {
      return new SyntheticSource(ratePerSecond);
    }
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

    @Override
    public TransactionSource create(int maxDocumentBytes) {
      return new JsonlSource(this, maxDocumentBytes);
    }
  }

  /** Documents posted to {@code POST /transactions}, handed over on the event bus. */
  record Http() implements SourceSettings {

    @Override
    public TransactionSource create(int maxDocumentBytes) {
      return new HttpSource();
    }
  }
}
