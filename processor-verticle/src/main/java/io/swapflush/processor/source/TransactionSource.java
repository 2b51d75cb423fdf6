package io.swapflush.processor.source;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Feeds input documents to a sink, and can be paused while the pipeline downstream is full. */
public interface TransactionSource {

  /**
   * Starts delivering on the calling verticle's context, after position {@code resumeAfter} (0: from
   * the start); completes once the source is running.
   */
  Future<Void> start(Vertx vertx, TransactionSink sink, long resumeAfter);

  /** The id under which the flusher keeps this source's checkpoint; null for a source without positions. */
  default String id() {
    return null;
  }

  /** Whether to resume after the stored checkpoint (only for a source with an id). */
  default boolean resumes() {
    return false;
  }

  void pause();

  void resume();

  /** Stops delivering; nothing is delivered once the returned future completes. */
  Future<Void> stop();

  static TransactionSource of(SourceSettings settings, int maxDocumentBytes) {
    if (settings instanceof SourceSettings.Synthetic synthetic) {
      return new SyntheticSource(synthetic.ratePerSecond());
    }
    if (settings instanceof SourceSettings.Jsonl jsonl) {
      return new JsonlSource(jsonl, maxDocumentBytes);
    }
    return new HttpSource();
  }
}
