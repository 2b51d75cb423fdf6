package io.swapflush.bench;

import io.swapflush.processor.Outbox;
import io.swapflush.support.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;

/**
 * The processing loop: hands off every transaction once through the processor's own outbox (at most
 * {@value #OUTSTANDING} transactions held before it pauses), as fast as the flusher accepts, or paced
 * at a rate below that (in 1 ms ticks); its start completes when the flusher has accepted all.
 */
final class HandoffLoop extends VerticleBase {

  static final int OUTSTANDING = 1000;

  private final Handoffs events;
  /** The time of each hand-off, ns. */
  private final Samples handoff;
  /** Completed once the flusher has accepted every transaction. */
  private final Promise<Void> accepted = Promise.promise();
  /** Transactions due a 1 ms tick; 0: as fast as accepted. */
  private final double perTick;

  /** {@code ratePerSecond} 0: as fast as accepted; the time of each hand-off goes to {@code handoff}. */
  HandoffLoop(Handoffs events, Samples handoff, int ratePerSecond) {
    this.events = events;
    this.handoff = handoff;
    this.perTick = ratePerSecond / 1000.0;
  }

  // the loop's state, on its event loop only
  private Outbox outbox;
  /** The outbox holds too many: the loop waits until it resumes. */
  private boolean paused;
  private double due;
  private int next;

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
