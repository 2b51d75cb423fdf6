package io.swapflush.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.flusher.FlusherSettings;

/**
 * The real FlusherVerticle ({@link FedFlusher}) writing into fresh tables, fed by the processing
 * loop through the processor's own outbox, as fast as the flusher accepts or paced below that.
 */
final class SwapflushRun {

  private SwapflushRun() {
  }

  /** When, after the first hand-off, a stalled run's database stops answering and answers again. */
  static final long STALL_FROM_MS = 1000;
  static final long STALL_UNTIL_MS = 6000;

  /**
   * How the loop hands off: {@code ratePerSecond} 0 for as fast as accepted; {@code stall} makes the
   * workload's proxy hold all traffic for a while in the middle.
   */
  record Load(int eventLoops, int ratePerSecond, boolean stall) {
  }

  static Row run(Workload workload, String name, HandoffEvents events, FlusherSettings settings, int connections,
      double heapBytesPerEvent, Load load) throws Exception {
    workload.freshTables();
    Samples handoff = new Samples(events.size());
    double cpu = Cpu.seconds();
    long startedMicros;
    double postgresCpu;
    SimpleMeterRegistry meters;
    try (FedFlusher flusher = FedFlusher.deploy(load.eventLoops(), settings, workload.options(), connections)) {
      meters = flusher.meters();
      startedMicros = HandoffEvents.epochMicros();
      PostgresCpu postgres = PostgresCpu.now();
      if (load.stall()) {
        flusher.vertx().setTimer(STALL_FROM_MS, id -> workload.proxy().stall(true));
        flusher.vertx().setTimer(STALL_UNTIL_MS, id -> workload.proxy().stall(false));
      }
      flusher.feed(events, load.ratePerSecond(), handoff);
      workload.awaitRows(events.size(), 600_000);
      // before the pool closes: its backends exit with it, and their CPU with them; awaitRows's count(*)
      // every 200 ms after the last hand-off is included (a few ms)
      postgresCpu = PostgresCpu.now().secondsSince(postgres);
    }
    double[] e2e = workload.endToEnd();
    long stored = workload.rows();
    return new Row(workload.name(), name, stored, stored, (e2e[2] - startedMicros) / 1e6,
        handoff.percentile(50) / 1000, handoff.percentile(99) / 1000, e2e[0], e2e[1], events.size() - stored,
        heapBytesPerEvent, Cpu.seconds() - cpu, new Row.Commits(meters.get("swap.flush.count").counter().count(),
        meters.get("swap.events.written").counter().count(), postgresCpu));
  }
}
