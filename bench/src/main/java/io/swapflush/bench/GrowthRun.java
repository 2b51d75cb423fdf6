package io.swapflush.bench;

import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.flusher.FlusherSettings;
import io.swapflush.flusher.SwapEventWriter;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The growth rows, one size after another on one database ({@link GrowthTable}): at each size, the
 * table's size and the queries, then the real flusher with its defaults writing at the live edge —
 * one unmeasured pass, then {@code runs} as fast as it accepts and {@code runs} paced at
 * {@value #PACED_RATE} tx/s — then fork rewinds of the last {@value #REWOUND_SLOTS} slots through the
 * flusher's own writer. Each write deploys a fresh flusher (its checkpoints cleared first), so its
 * positions start at 1. Driver code: blocks the benchmark's main thread, never an event loop.
 */
final class GrowthRun {

  static final int PACED_RATE = 1000;
  static final int PACED_SECONDS = 8;
  static final int REWINDS = 5;
  static final int REWOUND_SLOTS = 2;
  /** The pool of the flusher: {@code pg.poolSize} of conf/config.json, as the swapflush rows. */
  private static final int CONNECTIONS = 2;

  private final TestDatabase db;
  private final GrowthTable table;
  private final FlusherSettings settings;
  private final PgConnectOptions target;
  private final int runs;
  private final int events;
  private GrowthTable.Keys keys;
  private long nextSlot;
  private long seed;

  GrowthRun(TestDatabase db, FlusherSettings settings, int runs, int events) {
    this.db = db;
    this.table = new GrowthTable(db);
    this.settings = settings;
    // as the service connects: prepared statements cached, so a statement is one round trip
    this.target = new PgConnectOptions(db.options()).setCachePreparedStatements(true);
    this.runs = runs;
    this.events = events;
  }

  /** One write of the flusher: its rate, freshness, and what the database and the rest of the machine spent. */
  record Write(long events, long stored, double seconds, double e2eP50Millis, double e2eP99Millis,
               double postgresCpuSeconds, double othersCpuSeconds) {
    double eventsPerSecond() {
      return stored / seconds;
    }
  }

  /** Every size's row, the sizes ascending. */
  List<GrowthRow> measure(List<Long> sizes) {
    table.prepare(settings);
    keys = table.keys();
    List<GrowthRow> rows = new ArrayList<>();
    for (long size : sizes) {
      rows.add(measure(size));
    }
    return rows;
  }

  private GrowthRow measure(long size) {
    System.err.printf("growth: %,d rows: clearing the last size's writes, pre-filling%n", size);
    table.dropWrites();
    table.fillTo(size);
    nextSlot = GrowthTable.FIRST_WRITE_SLOT;
    long rows = table.rows();
    TableSizes sizes = TableSizes.of(db, rows, "swap_events_p" + GrowthTable.WRITE_PARTITION);
    List<GrowthQueries.Timing> queries = GrowthQueries.run(db, keys);
    System.err.printf("growth: %,d rows: warm-up write%n", rows);
    write(events, 0);
    List<Write> saturated = new ArrayList<>();
    List<Write> paced = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      System.err.printf("growth: %,d rows: run %d, as fast as accepted%n", rows, run);
      saturated.add(write(events, 0));
      System.err.printf("growth: %,d rows: run %d, %,d tx/s%n", rows, run, PACED_RATE);
      paced.add(write(PACED_RATE * PACED_SECONDS, PACED_RATE));
    }
    double[] rewinds = rewinds();
    return new GrowthRow(rows, sizes, saturated, paced, rewinds, queries);
  }

  /** The flusher fed {@code count} transactions at the live edge, as fast as accepted ({@code rate} 0) or paced. */
  private Write write(int count, int rate) {
    ChainEvents chain = new ChainEvents(nextSlot, count, keys, ++seed);
    nextSlot = chain.lastSlot() + 1;
    db.query("DELETE FROM swap_checkpoints");
    Samples handoff = new Samples(count);
    long startedMicros;
    double postgresCpu;
    double othersCpu;
    try (FedFlusher flusher = FedFlusher.deploy(1, settings, target, CONNECTIONS)) {
      startedMicros = HandoffEvents.epochMicros();
      PostgresCpu postgres = PostgresCpu.now();
      double own = Cpu.seconds();
      double machine = Cpu.machineSeconds();
      flusher.feed(chain, rate, handoff);
      table.awaitRows(chain.firstSlot(), chain.lastSlot(), count, 600_000);
      postgresCpu = PostgresCpu.now().secondsSince(postgres);
      othersCpu = Cpu.machineSeconds() - machine - (Cpu.seconds() - own) - postgresCpu;
    }
    String written = "slot BETWEEN " + chain.firstSlot() + " AND " + chain.lastSlot();
    double[] e2e = Workload.endToEnd(db, "base_amount", written);
    long stored = table.rows(chain.firstSlot(), chain.lastSlot());
    Write write = new Write(count, stored, (e2e[2] - startedMicros) / 1e6, e2e[0], e2e[1], postgresCpu, othersCpu);
    System.err.printf("growth:   %,d stored of %,d, %,.0f events/s, e2e p50 %.1f ms p99 %.1f ms, PostgreSQL CPU %.1f s, "
        + "others %.1f s%n", stored, count, write.eventsPerSecond(), e2e[0], e2e[1], postgresCpu, othersCpu);
    return write;
  }

  /**
   * The source's rewinds over a fork of the last {@value #REWOUND_SLOTS} slots written, one after
   * another, through the flusher's own writer on a connection of their own (the first one unmeasured):
   * the rows go and the checkpoint moves back in one transaction. The ms of each.
   */
  private double[] rewinds() {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(target).using(vertx).build();
      SwapEventWriter writer = new SwapEventWriter(pool);
      double[] ms = new double[REWINDS];
      long last = nextSlot - 1;
      for (int i = -1; i < REWINDS; i++) {
        long rows = table.rows(last - REWOUND_SLOTS + 1, last);
        Rewind rewind = new Rewind(new SourceCheckpoint(0, null), last - REWOUND_SLOTS, last);
        long t0 = System.nanoTime();
        Await.result(writer.rewind(ChainEvents.SOURCE, rewind, 0));
        double took = (System.nanoTime() - t0) / 1e6;
        long left = table.rows(last - REWOUND_SLOTS + 1, last);
        System.err.printf("growth:   rewind of slots %d to %d: %,d rows deleted (%,d left) in %.1f ms%s%n",
            last - REWOUND_SLOTS + 1, last, rows - left, left, took, i < 0 ? " (warm-up)" : "");
        if (i >= 0) {
          ms[i] = took;
        }
        last -= REWOUND_SLOTS;
      }
      Await.result(pool.close());
      Arrays.sort(ms);
      return ms;
    } finally {
      vertx.close();
    }
  }
}
