package io.swapflush.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.HandOffCodec;
import io.swapflush.flusher.FlusherSettings;
import io.swapflush.flusher.FlusherVerticle;
import io.swapflush.processor.Outbox;
import io.swapflush.support.Backoff;
import io.swapflush.testsupport.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;

/**
 * The real FlusherVerticle, fed over the event bus by a loop that hands off through the processor's
 * own outbox (at most {@value #OUTSTANDING} transactions held before it pauses the loop), as fast as
 * the flusher accepts, or paced at a rate below that (in 1 ms ticks). With one event
 * loop the flusher and the loop share a thread, as they do in the service by default.
 */
final class SwapflushRun {

  private static final int OUTSTANDING = 1000;

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
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(load.eventLoops()));
    Samples handoff = new Samples(events.size());
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    double cpu = Cpu.seconds();
    long startedMicros = HandoffEvents.epochMicros();
    double postgresCpu;
    try {
      HandOffCodec.registerOn(vertx);
      Await.result(vertx.deployVerticle(new FlusherVerticle(settings, workload.options(),
          new PoolOptions().setMaxSize(connections), meters)));
      startedMicros = HandoffEvents.epochMicros();
      PostgresCpu postgres = PostgresCpu.now();
      if (load.stall()) {
        vertx.setTimer(STALL_FROM_MS, id -> workload.proxy().stall(true));
        vertx.setTimer(STALL_UNTIL_MS, id -> workload.proxy().stall(false));
      }
      Await.result(vertx.deployVerticle(new Loop(events, handoff, load.ratePerSecond())), Duration.ofMinutes(10));
      workload.awaitRows(events.size(), 600_000);
      // before the pool closes: its backends exit with it, and their CPU with them; awaitRows's count(*)
      // every 200 ms after the last hand-off is included (a few ms)
      postgresCpu = PostgresCpu.now().secondsSince(postgres);
    } finally {
      Await.result(vertx.close(), Duration.ofMinutes(2));
    }
    double[] e2e = workload.endToEnd();
    long stored = workload.rows();
    return new Row(workload.name(), name, stored, stored, (e2e[2] - startedMicros) / 1e6,
        handoff.percentile(50) / 1000, handoff.percentile(99) / 1000, e2e[0], e2e[1], events.size() - stored,
        heapBytesPerEvent, Cpu.seconds() - cpu, new Row.Commits(meters.get("swap.flush.count").counter().count(),
        meters.get("swap.events.written").counter().count(), postgresCpu));
  }

  /**
   * The processing loop: hands off every transaction once through the processor's own outbox, and
   * pauses while the outbox holds it paused; its start completes when the flusher has accepted all.
   */
  private static final class Loop extends VerticleBase {

    private final HandoffEvents events;
    private final Samples handoff;
    private final Promise<Void> accepted = Promise.promise();
    private final double perTick;
    private Outbox outbox;
    private boolean paused;
    private double due;
    private int next;

    Loop(HandoffEvents events, Samples handoff, int ratePerSecond) {
      this.events = events;
      this.handoff = handoff;
      this.perTick = ratePerSecond / 1000.0;
    }

    @Override
    public Future<?> start() {
      outbox = new Outbox(vertx, OUTSTANDING, new Backoff(5, 5), () -> paused = true, () -> {
        paused = false;
        vertx.runOnContext(v -> pump());
      });
      // ticks pace the load (when it has a rate) and notice the last acceptance
      long timer = vertx.setPeriodic(1, id -> {
        due = Math.min(due + perTick, OUTSTANDING);
        pump();
        if (next == events.size() && outbox.size() == 0) {
          accepted.tryComplete();
        }
      });
      accepted.future().onComplete(done -> vertx.cancelTimer(timer));
      pump();
      return accepted.future();
    }

    private void pump() {
      while (!paused && next < events.size() && (perTick == 0 || due >= 1)) {
        due--;
        long t0 = System.nanoTime();
        outbox.send(events.transaction(next++));
        handoff.add(System.nanoTime() - t0);
      }
    }
  }
}
