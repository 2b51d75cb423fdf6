package io.swapflush.processor;

import io.swapflush.event.Addresses;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.source.SourceReport;
import io.swapflush.source.SourceState;
import io.swapflush.source.TransactionSource;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a positioned source for progress: a source that has input waiting but has read nothing
 * new for a while is stalled, whatever the cause (a reader stuck, a pipeline that accepts nothing),
 * and says so on /health and in a metric instead of looking idle. Event loop only, except the
 * mirrors the metrics read.
 */
final class SourceWatch {

  private static final Logger log = LoggerFactory.getLogger(SourceWatch.class);

  private static final long CHECK_MS = 1000;
  /** The source waits for its turn to read, then counts recent events and loads its checkpoint. */
  static final String TAKING_TURN = "taking its turn";

  private final Vertx vertx;
  private TransactionSource source;
  private final Outbox outbox;
  private final SourceGate gate;
  private long timer = -1;
  private String state = "waiting for the flusher to load the checkpoint";
  private boolean finished;
  private long lastSeenPosition = -1;
  private long progressAt = now();
  private volatile long newestPosition;
  private volatile long stalledSinceMirror = -1;

  SourceWatch(Vertx vertx, TransactionSource source, Outbox outbox, SourceGate gate) {
    this.vertx = vertx;
    this.source = source;
    this.outbox = outbox;
    this.gate = gate;
  }

  /** The source that replaced the one watched (after a lead lost and taken again). */
  void source(TransactionSource replacement) {
    source = replacement;
  }

  /** A standby is ready (another instance reads); anything else is on its way to reading. */
  private String turnState() {
    return switch (gate.role()) {
      case "standby" -> "standby";
      case "connecting" -> "waiting for the database, to take the lead";
      default -> "starting: counting recent events, loading the checkpoint";
    };
  }

  /**
   * 1 while this instance may read its source (the leader, or the only reader), else 0 — also while
   * it cannot reach the database that decides, where it reads nothing.
   */
  double leading() {
    return "leader".equals(gate.role()) || "alone".equals(gate.role()) ? 1 : 0;
  }

  void positionRead(long position) {
    newestPosition = position;
  }

  long newestPosition() {
    return newestPosition;
  }

  void starting(String why) {
    state = why;
  }

  void running() {
    state = "running";
    progressAt = now();
    if (timer < 0 && source.id() != null) {
      timer = vertx.setPeriodic(CHECK_MS, id -> check());
    }
  }

  void stop() {
    vertx.cancelTimer(timer);
    state = "stopped";
  }

  private void check() {
    checkDurable();
    long position = newestPosition;
    if (position != lastSeenPosition) {
      lastSeenPosition = position;
      progress();
      return;
    }
    source.hasUnreadInput().onSuccess(unread -> {
      if (!unread || newestPosition != lastSeenPosition) {
        progress();
      } else {
        stalledSinceMirror = progressAt;
      }
    });
  }

  /**
   * Tells the source what is durable; a source that ends (a backfill) is done once its last position
   * is: then the service may stop.
   */
  private void checkDurable() {
    vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, source.id())
        .map(reply -> SourceCheckpoint.fromJson(reply.body()).position())
        .onSuccess(durable -> {
          source.durable(durable);
          long end = source.state().endPosition();
          if (end >= 0 && durable >= end && !finished) {
            finished = true;
            state = "finished";
            log.info("Source {} has read everything and all of it is durable (position {})", source.id(), end);
            vertx.eventBus().publish(Addresses.SOURCE_FINISHED, source.id());
          }
        });
  }

  private void progress() {
    progressAt = now();
    stalledSinceMirror = -1;
  }

  /** Seconds a source with input waiting has read nothing; 0 when it progresses or has nothing to read. */
  double stalledSeconds() {
    long since = stalledSinceMirror;
    return since < 0 ? 0 : (now() - since) / 1000.0;
  }

  SourceReport report() {
    long stalledMs = (long) (stalledSeconds() * 1000);
    SourceState sourceState = source.state();
    String problem = sourceState.problem();
    String shownState = problem != null ? "held up: " + problem : TAKING_TURN.equals(state) ? turnState() : state;
    String stalledReason = stalledMs == 0 ? null : outbox.sourcePaused()
        ? "paused: the flusher has not accepted " + outbox.size() + " transactions"
        : "input is waiting but nothing was read since position " + newestPosition;
    return new SourceReport(source.id(), gate.role(), shownState, outbox.size(), outbox.sourcePaused(), stalledMs,
        source.id() == null ? null : newestPosition, sourceState.lagSeconds() < 0 ? null : sourceState.lagSeconds(),
        stalledReason);
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
