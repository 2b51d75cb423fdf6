package io.swapflush.processor.source;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Feeds input documents to a sink, and can be paused while the pipeline downstream is full. */
public interface TransactionSource {

  /** Starts delivering on the calling verticle's context; completes once the source is running. */
  Future<Void> start(Vertx vertx, TransactionSink sink);

  void pause();

  void resume();

  /** Stops delivering; nothing is delivered once the returned future completes. */
  Future<Void> stop();

  static TransactionSource of(SourceSettings settings, int maxDocumentBytes) {
    if (settings instanceof SourceSettings.Synthetic synthetic) {
      return new SyntheticSource(synthetic.ratePerSecond());
    }
    if (settings instanceof SourceSettings.Jsonl jsonl) {
      return new JsonlSource(jsonl.path(), maxDocumentBytes);
    }
    return new HttpSource();
  }
}
