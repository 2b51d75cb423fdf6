package io.swapflush.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.HandOffCodec;
import io.swapflush.flusher.FlusherSettings;
import io.swapflush.flusher.FlusherVerticle;
import io.swapflush.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;

/**
 * The real FlusherVerticle on a Vert.x of its own, fed over the event bus by the processing loop
 * ({@link HandoffLoop}). With one event loop the flusher and the loop share a thread, as they do in
 * the service by default. The benchmark's main thread waits on it; nothing here blocks an event loop.
 */
final class FedFlusher implements AutoCloseable {

  private final Vertx vertx;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private FedFlusher(int eventLoops) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
  }

  /** A flusher deployed and connected, writing through a pool of {@code connections}. */
  static FedFlusher deploy(int eventLoops, FlusherSettings settings, PgConnectOptions target, int connections) {
    FedFlusher flusher = new FedFlusher(eventLoops);
    try {
      HandOffCodec.registerOn(flusher.vertx);
      Await.result(flusher.vertx.deployVerticle(new FlusherVerticle(settings, target,
          new PoolOptions().setMaxSize(connections), flusher.meters)), Duration.ofMinutes(10));
      return flusher;
    } catch (RuntimeException e) {
      flusher.close();
      throw e;
    }
  }

  Vertx vertx() {
    return vertx;
  }

  /** The flusher's counters: {@code swap.flush.count}, {@code swap.events.written}, … */
  SimpleMeterRegistry meters() {
    return meters;
  }

  /**
   * Hands every transaction off, as fast as accepted ({@code ratePerSecond} 0) or paced; returns once
   * the flusher has accepted them all (not yet committed), the time of each hand-off in {@code handoff}.
   */
  void feed(Handoffs events, int ratePerSecond, Samples handoff) {
    Await.result(vertx.deployVerticle(new HandoffLoop(events, handoff, ratePerSecond)), Duration.ofMinutes(10));
  }

  @Override
  public void close() {
    Await.result(vertx.close(), Duration.ofMinutes(2));
  }
}
