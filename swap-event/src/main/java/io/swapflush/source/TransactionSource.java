package io.swapflush.source;

import io.swapflush.event.SourceCheckpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Delivers a record stream to a sink, and can be paused while the pipeline downstream is full. */
public interface TransactionSource {

  /**
   * Starts delivering on the calling verticle's context, after {@code resumeAfter}
   * ({@link SourceCheckpoint#START}: from the start); completes once the source is running.
   */
  Future<Void> start(Vertx vertx, RecordSink sink, SourceCheckpoint resumeAfter);

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

  /** Its problem, end and lag as of now. */
  default SourceState state() {
    return SourceState.RUNNING;
  }

  /** Position {@code position} and all before it are durable (called about once a second). */
  default void durable(long position) {
  }

  void pause();

  void resume();

  /** Stops delivering; nothing is delivered once the returned future completes. */
  Future<Void> stop();
}
