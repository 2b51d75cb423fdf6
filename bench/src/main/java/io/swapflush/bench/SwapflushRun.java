package io.swapflush.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.swapflush.flusher.FlusherSettings;
import io.swapflush.flusher.FlusherVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The real FlusherVerticle, fed over the event bus by a loop that hands off like the processor:
 * {@code request}, at most {@value #OUTSTANDING} unanswered, refused messages kept and re-sent.
 */
final class SwapflushRun {

  private static final int OUTSTANDING = 1000;

  private SwapflushRun() {
  }

  static Row run(Workload workload, String name, HandoffEvents events, FlusherSettings settings, int connections,
      double heapBytesPerEvent) throws Exception {
    workload.freshTables();
    Vertx vertx = Vertx.vertx();
    Samples handoff = new Samples(events.size());
    double cpu = Cpu.seconds();
    long startedMicros = HandoffEvents.epochMicros();
    try {
      TransactionEventsCodec.registerOn(vertx);
      await(vertx.deployVerticle(new FlusherVerticle(settings, workload.options(),
          new PoolOptions().setMaxSize(connections), new SimpleMeterRegistry())));
      startedMicros = HandoffEvents.epochMicros();
      await(vertx.deployVerticle(new Loop(events, handoff)));
      workload.awaitRows(events.size(), 600_000);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
    double[] e2e = workload.endToEnd();
    long stored = workload.rows();
    return new Row(workload.name(), name, stored, stored, (e2e[2] - startedMicros) / 1e6,
        handoff.percentile(50) / 1000, handoff.percentile(99) / 1000, e2e[0], e2e[1], events.size() - stored,
        heapBytesPerEvent, Cpu.seconds() - cpu);
  }

  /** The processing loop: hands off every event once; its start completes when the flusher has accepted all. */
  private static final class Loop extends VerticleBase {
    private final HandoffEvents events;
    private final Samples handoff;
    private final ArrayDeque<TransactionEvents> refused = new ArrayDeque<>();
    private final Promise<Void> accepted = Promise.promise();
    private int next;
    private int outstanding;
    private int acceptedCount;

    Loop(HandoffEvents events, Samples handoff) {
      this.events = events;
      this.handoff = handoff;
    }

    @Override
    public Future<?> start() {
      pump();
      return accepted.future();
    }

    private void pump() {
      while (outstanding < OUTSTANDING && (!refused.isEmpty() || next < events.size())) {
        TransactionEvents tx = refused.isEmpty() ? events.transaction(next++) : refused.pollFirst();
        outstanding++;
        long t0 = System.nanoTime();
        Future<?> reply = vertx.eventBus().request(Addresses.EVENTS, tx);
        handoff.add(System.nanoTime() - t0);
        reply.onComplete(ar -> {
          outstanding--;
          if (ar.failed()) {
            refused.addLast(tx);
            vertx.setTimer(5, id -> pump());
          } else if (++acceptedCount == events.size()) {
            accepted.complete();
          } else {
            pump();
          }
        });
      }
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }
}
