package io.swapflush.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import io.swapflush.event.SwapEvent;
import io.swapflush.testsupport.Await;
import java.time.Duration;

/** The "before": the processing loop inserts each event and waits for it, one statement per event. */
final class DirectInserts {

  static final String INSERT = """
      INSERT INTO swap_events (signature, slot, block_time, venue, trader, base_mint, quote_mint, side,
                               base_amount, quote_amount, base_decimals, quote_decimals)
      VALUES ($1, $2, to_timestamp($3::int8), $4, $5, $6, $7, $8, $9::text::numeric, $10::text::numeric, $11, $12)
      ON CONFLICT DO NOTHING""";

  private DirectInserts() {
  }

  static Tuple row(SwapEvent e) {
    return Tuple.tuple().addString(e.signature()).addLong(e.slot()).addLong(e.blockTime()).addString(e.venue())
        .addString(e.trader()).addString(e.baseMint()).addString(e.quoteMint()).addString(e.side().label())
        .addString(e.baseAmount().toString()).addString(e.quoteAmount().toString())
        .addShort(e.baseDecimals()).addShort(e.quoteDecimals());
  }

  static Row run(Workload workload, HandoffEvents events, long maxMillis) throws Exception {
    workload.freshTables();
    Vertx vertx = Vertx.vertx();
    Samples handoff = new Samples(events.size());
    double cpu = Cpu.seconds();
    long started = System.nanoTime();
    int[] done = new int[1];
    try {
      Await.result(vertx.deployVerticle(new VerticleBase() {
        private Pool pool;

        @Override
        public Future<?> start() {
          pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(workload.options())
              .using(vertx).build();
          Promise<Void> finished = Promise.promise();
          next(0, System.nanoTime() + maxMillis * 1_000_000, finished);
          return finished.future();
        }

        private void next(int i, long deadline, Promise<Void> finished) {
          if (i == events.size() || System.nanoTime() > deadline) {
            done[0] = i;
            finished.complete();
            return;
          }
          long t0 = System.nanoTime();
          pool.preparedQuery(INSERT).execute(row(events.event(i))).onComplete(ar -> {
            handoff.add(System.nanoTime() - t0);
            if (ar.failed()) {
              finished.fail(ar.cause());
            } else {
              next(i + 1, deadline, finished);
            }
          });
        }
      }), Duration.ofMillis(maxMillis + 60_000));
    } finally {
      vertx.close();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double[] e2e = workload.endToEnd();
    return new Row(workload.name(), "direct", done[0], done[0], seconds, handoff.percentile(50) / 1000,
        handoff.percentile(99) / 1000, e2e[0], e2e[1], 0, Double.NaN, Cpu.seconds() - cpu);
  }
}
