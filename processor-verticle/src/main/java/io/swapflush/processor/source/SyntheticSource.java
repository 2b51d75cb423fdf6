package io.swapflush.processor.source;

import io.swapflush.event.TransactionEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;

/** Emits generated transactions at a steady rate, in ticks of 10 ms. */
final class SyntheticSource extends PausableSource {

  private static final long TICK_MS = 10;

  private final double perTick;
  private final SyntheticTransactions generator = new SyntheticTransactions(System.nanoTime());
  private Vertx vertx;
  private long timer = -1;
  private double due;

  SyntheticSource(double ratePerSecond) {
    this.perTick = ratePerSecond * TICK_MS / 1000.0;
  }

  @Override
  public Future<Void> start(Vertx vertx, TransactionSink sink, long resumeAfter) {
    this.vertx = vertx;
    timer = vertx.setPeriodic(TICK_MS, id -> {
      if (paused()) {
        return;
      }
      due += perTick;
      for (; due >= 1; due--) {
        sink.accept(generator.next().getBytes(StandardCharsets.UTF_8), TransactionEvents.NO_POSITION);
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
