package io.swapflush.processor.source;

import io.swapflush.event.SourceCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Feeds input documents to a sink, and can be paused while the pipeline downstream is full. */
public interface TransactionSource {

  /**
   * Starts delivering on the calling verticle's context, after {@code resumeAfter}
   * ({@link SourceCheckpoint#START}: from the start); completes once the source is running.
   */
  Future<Void> start(Vertx vertx, TransactionSink sink, SourceCheckpoint resumeAfter);

  /** The id under which the flusher keeps this source's checkpoint; null for a source without positions. */
  default String id() {
    return null;
  }

  /** Whether to resume after the stored checkpoint (only for a source with an id). */
  default boolean resumes() {
    return false;
  }

  /**
   * Whether input is there that the source has not delivered yet, so that a source making no
   * progress can be told apart from one with nothing to read. A source that cannot tell says false.
   */
  default Future<Boolean> hasUnreadInput() {
    return Future.succeededFuture(false);
  }

  /** What stops the source from going on, said on /health (a provider answer it cannot get past); null when nothing. */
  default String problem() {
    return null;
  }

  /**
   * The last position of a source that ends (a backfill) once it has read everything; -1 while it
   * has not, and always for a source that does not end.
   */
  default long endPosition() {
    return -1;
  }

  /** Position {@code position} and all before it are durable (called about once a second). */
  default void durable(long position) {
  }

  /** How far behind its input the durable position is, in seconds; -1 when the source cannot tell. */
  default double lagSeconds() {
    return -1;
  }

  void pause();

  void resume();

  /** Stops delivering; nothing is delivered once the returned future completes. */
  Future<Void> stop();
}
