package io.swapflush.flusher;

import io.swapflush.event.Alert;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch so that a bad row costs only itself: when the database rejects the batch as bad
 * data, the batch is split in halves until the bad rows stand alone; the good rows are written and
 * each bad one goes to the dead-letter table, or, if even that refuses it, to a rejected file.
 * Any other failure fails the whole write, to be retried: rows already written are skipped then.
 */
final class BatchWriter {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  /** What a batch came to: rows stored, rows set aside as bad; or nothing, fenced off by a newer reading term. */
  record Result(int written, int rejected, boolean fenced) {
    Result(int written, int rejected) {
      this(written, rejected, false);
    }

    Result plus(Result other) {
      return new Result(written + other.written, rejected + other.rejected, fenced || other.fenced);
    }
  }

  private final SwapEventWriter rows;
  private final DeadLetters deadLetters;
  private final SpillDirectory spill;
  private final RateLimitedWarnings rejections = new RateLimitedWarnings(log, 1000);

  BatchWriter(SwapEventWriter rows, DeadLetters deadLetters, SpillDirectory spill) {
    this.rows = rows;
    this.deadLetters = deadLetters;
    this.spill = spill;
  }

  /**
   * Writes the events and, in the same transaction, the alerts and checkpoints; after a split, the
   * alerts and checkpoints last.
   */
  Future<Result> write(List<SourcedEvent> events, List<Alert> alerts, Map<String, SourceCheckpoint> checkpoints,
      Map<String, Long> terms) {
    return rows.insert(events, alerts, checkpoints, terms)
        .map(inserted -> inserted.fenced() ? new Result(0, 0, true) : new Result(events.size(), 0))
        .recover(failure -> SqlErrors.isBadData(failure) && !events.isEmpty()
            ? setAsideBadRows(events, failure).compose(result -> rows.insert(List.of(), alerts, checkpoints, terms)
                .map(inserted -> inserted.fenced() ? new Result(0, 0, true) : result))
            : Future.failedFuture(failure));
  }

  /** Applies a source's move back over a fork. */
  Future<Result> rewind(TransactionEvents tx) {
    return rows.rewind(tx.source(), tx.rewind(), tx.epoch()).map(new Result(0, 0));
  }

  private Future<Result> isolate(List<SourcedEvent> events) {
    return rows.insert(events, Map.of(), Map.of()).map(inserted -> new Result(events.size(), 0)).recover(failure ->
        SqlErrors.isBadData(failure) ? setAsideBadRows(events, failure) : Future.failedFuture(failure));
  }

  /** The events were refused as bad data: a single one is rejected, more are split in halves. */
  private Future<Result> setAsideBadRows(List<SourcedEvent> events, Throwable failure) {
    if (events.size() == 1) {
      return reject(events.get(0), failure);
    }
    int half = events.size() / 2;
    return isolate(events.subList(0, half))
        .compose(left -> isolate(events.subList(half, events.size())).map(left::plus));
  }

  private Future<Result> reject(SourcedEvent sourced, Throwable reason) {
    SwapEvent event = sourced.event();
    rejections.warn("Event of " + event.signature() + " (trader " + event.trader() + ", mint " + event.baseMint()
        + ") refused by the database, set aside as a dead letter: " + SqlErrors.describe(reason));
    return deadLetters.insert(event, reason)
        .recover(failure -> SqlErrors.isBadData(failure)
            ? spill.keepRejected(event, SqlErrors.describe(reason) + "; dead-letter insert: "
                + SqlErrors.describe(failure)).mapEmpty()
            : Future.failedFuture(failure))
        .map(v -> new Result(0, 1));
  }
}
