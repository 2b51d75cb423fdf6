package io.swapflush.processor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * When a single-stream source may read: at once for an instance alone, or while this instance leads
 * the source among several (the others stand by). Losing the lead must stop the reading at once.
 */
public interface SourceGate {

  /** Always open: the only reader. */
  SourceGate ALONE = new SourceGate() {
    @Override
    public Future<Long> enter(Vertx vertx, String sourceId, Runnable lost) {
      return Future.succeededFuture(0L);
    }

    @Override
    public String role() {
      return "alone";
    }

    @Override
    public Future<Void> leave() {
      return Future.succeededFuture();
    }
  };

  /**
   * Completes, with the reading term's epoch (0 for the only reader), once the source may read;
   * {@code lost} runs, on the caller's context, when it may no longer (then {@link #enter} is called
   * again to wait for the next turn).
   */
  Future<Long> enter(Vertx vertx, String sourceId, Runnable lost);

  /** {@code alone}, {@code leader}, {@code standby}, or {@code connecting} while the database that decides is not reached. */
  String role();

  /** Gives the turn up, for another instance to take. */
  Future<Void> leave();
}
