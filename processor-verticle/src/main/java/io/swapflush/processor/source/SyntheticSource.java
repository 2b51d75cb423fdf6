package io.swapflush.processor.source;

import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.source.PausableSource;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;

/**
 * Emits generated transactions at a steady rate, in ticks of 10 ms. A tick does a bounded amount of
 * work, so even a rate the machine cannot reach leaves the event loop to everything else.
 */
final class SyntheticSource extends PausableSource {

  private static final long TICK_MS = 10;
  /** The most one tick emits: {@link #MAX_RATE_PER_SECOND} transactions a second. */
  private static final int MAX_PER_TICK = 500;
  static final double MAX_RATE_PER_SECOND = MAX_PER_TICK * 1000.0 / TICK_MS;

  private final double perTick;
  private final SyntheticTransactions generator = new SyntheticTransactions(System.nanoTime());
  private Vertx vertx;
  private long timer = -1;
  private double due;

  SyntheticSource(double ratePerSecond) {
    this.perTick = ratePerSecond * TICK_MS / 1000.0;
  }

  @Override
  public Future<Void> start(Vertx vertx, RecordSink sink, SourceCheckpoint resumeAfter) {
    this.vertx = vertx;
    timer = vertx.setPeriodic(TICK_MS, id -> {
      if (paused()) {
        return;
      }
      // what a slow tick could not emit is not owed for ever
      due = Math.min(due + perTick, MAX_PER_TICK);
      for (; due >= 1; due--) {
        sink.deliver(new SourceRecord.Document(null, TransactionEvents.NO_POSITION, null,
            generator.next().getBytes(StandardCharsets.UTF_8)));
      }
    });
    return Future.succeededFuture();
  }


  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
