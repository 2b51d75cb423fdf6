package io.swapflush.bench;

import io.swapflush.event.SwapEvent;
import io.swapflush.flusher.SwapEventWriter;
import io.swapflush.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The write strategies alone, without the verticles around them: ready batches written as fast as
 * the database takes them, by {@code connections} writers each with one batch in flight.
 */
final class WriteStrategies {

  enum Strategy { UNNEST, EXECUTE_BATCH }

  private WriteStrategies() {
  }

  static Row run(Workload workload, HandoffEvents events, Strategy strategy, int batchSize, int connections)
      throws Exception {
    workload.freshTables();
    List<List<SwapEvent>> batches = new ArrayList<>();
    for (int from = 0; from < events.size(); from += batchSize) {
      List<SwapEvent> batch = new ArrayList<>();
      for (int i = from; i < Math.min(events.size(), from + batchSize); i++) {
        batch.add(events.event(i));
      }
      batches.add(batch);
    }
    Vertx vertx = Vertx.vertx();
    double cpu = Cpu.seconds();
    long started = System.nanoTime();
    try {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(connections)).connectingTo(workload.options())
          .using(vertx).build();
      SwapEventWriter unnest = new SwapEventWriter(pool);
      AtomicInteger next = new AtomicInteger();
      List<Future<Void>> writers = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        Promise<Void> done = Promise.promise();
        writeNext(batches, next, strategy, unnest, pool, done);
        writers.add(done.future());
      }
      Await.result(Future.all(writers), Duration.ofMinutes(10));
    } finally {
      vertx.close();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long stored = workload.rows();
    String name = String.format("  %s %d × %d conn", strategy == Strategy.UNNEST ? "unnest" : "executeBatch",
        batchSize, connections);
    return new Row(workload.name(), name, stored, stored, seconds, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        events.size() - stored, Double.NaN, Cpu.seconds() - cpu);
  }

  private static void writeNext(List<List<SwapEvent>> batches, AtomicInteger next, Strategy strategy,
      SwapEventWriter unnest, Pool pool, Promise<Void> done) {
    int index = next.getAndIncrement();
    if (index >= batches.size()) {
      done.tryComplete();
      return;
    }
    List<SwapEvent> batch = batches.get(index);
    Future<?> write = strategy == Strategy.UNNEST
        ? unnest.insert(batch, Map.of())
        : pool.preparedQuery(DirectInserts.INSERT).executeBatch(batch.stream().map(DirectInserts::row).toList());
    write.onSuccess(v -> writeNext(batches, next, strategy, unnest, pool, done)).onFailure(done::tryFail);
  }
}
