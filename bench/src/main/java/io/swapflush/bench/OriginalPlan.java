package io.swapflush.bench;

import io.swapflush.event.SwapEvent;
import io.swapflush.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The original plan: a background queue of 10 000 events, drained every second, at most 500 events
 * per flush (a pipelined batch), and events dropped when the queue is full.
 */
final class OriginalPlan {

  private static final int QUEUE = 10_000;
  private static final int PER_FLUSH = 500;

  private OriginalPlan() {
  }

  static Row run(Workload workload, HandoffEvents events) throws Exception {
    workload.freshTables();
    Vertx vertx = Vertx.vertx();
    Samples handoff = new Samples(events.size());
    long[] lost = new long[1];
    double cpu = Cpu.seconds();
    long startedMicros = HandoffEvents.epochMicros();
    try {
      Await.result(vertx.deployVerticle(new VerticleBase() {
        private final ArrayDeque<SwapEvent> queue = new ArrayDeque<>();
        private Pool pool;
        private int next;

        @Override
        public Future<?> start() {
          pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(workload.options())
              .using(vertx).build();
          Promise<Void> finished = Promise.promise();
          vertx.setPeriodic(1000, id -> flush(finished));
          offer();
          return finished.future();
        }

        /** The loop hands off as fast as it can, a thousand at a time so the timer gets its turn. */
        private void offer() {
          for (int n = 0; n < 1000 && next < events.size(); n++, next++) {
            SwapEvent event = events.event(next);
            long t0 = System.nanoTime();
            if (queue.size() < QUEUE) {
              queue.addLast(event);
            } else {
              lost[0]++;
            }
            handoff.add(System.nanoTime() - t0);
          }
          if (next < events.size()) {
            context.runOnContext(v -> offer());
          }
        }

        private void flush(Promise<Void> finished) {
          if (queue.isEmpty()) {
            if (next == events.size()) {
              finished.tryComplete();
            }
            return;
          }
          List<Tuple> batch = new ArrayList<>();
          while (batch.size() < PER_FLUSH && !queue.isEmpty()) {
            batch.add(DirectInserts.row(queue.pollFirst()));
          }
          pool.preparedQuery(DirectInserts.INSERT).executeBatch(batch).onFailure(finished::tryFail);
        }
      }), Duration.ofMinutes(10));
    } finally {
      vertx.close();
    }
    long written = events.size() - lost[0];
    workload.awaitRows(written, 60_000);
    double[] e2e = workload.endToEnd();
    double seconds = (e2e[2] - startedMicros) / 1e6;
    return new Row(workload.name(), "original-plan", written, written, seconds, handoff.percentile(50) / 1000,
        handoff.percentile(99) / 1000, e2e[0], e2e[1], lost[0], Double.NaN, Cpu.seconds() - cpu);
  }
}
