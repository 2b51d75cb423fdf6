package io.swapflush.flusher;

import io.swapflush.event.SwapEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * Writes a batch so that a bad row costs only itself: when the database rejects the batch as bad
 * data, the batch is split in halves until the bad rows stand alone; the good rows are written and
 * each bad one goes to the dead-letter table, or, if even that refuses it, to a rejected file.
 * Any other failure fails the whole write, to be retried: rows already written are skipped then.
 */
final class BatchWriter {

  /** What a batch came to: rows stored, rows set aside as bad. */
  record Result(int written, int rejected) {
    Result plus(Result other) {
      return new Result(written + other.written, rejected + other.rejected);
    }
  }

  private final SwapEventWriter rows;
  private final DeadLetters deadLetters;
  private final SpillDirectory spill;

  BatchWriter(SwapEventWriter rows, DeadLetters deadLetters, SpillDirectory spill) {
    this.rows = rows;
    this.deadLetters = deadLetters;
    this.spill = spill;
  }

  Future<Result> write(List<SwapEvent> events) {
    return rows.insert(events).map(inserted -> new Result(events.size(), 0)).recover(failure -> {
      if (!SqlErrors.isBadData(failure)) {
        return Future.failedFuture(failure);
      }
      if (events.size() == 1) {
        return reject(events.get(0), failure);
      }
      int half = events.size() / 2;
      return write(events.subList(0, half))
          .compose(left -> write(events.subList(half, events.size())).map(left::plus));
    });
  }

  private Future<Result> reject(SwapEvent event, Throwable reason) {
    return deadLetters.insert(event, reason)
        .recover(failure -> SqlErrors.isBadData(failure)
            ? spill.keepRejected(event, SqlErrors.describe(reason) + "; dead-letter insert: "
                + SqlErrors.describe(failure)).mapEmpty()
            : Future.failedFuture(failure))
        .map(v -> new Result(0, 1));
  }
}
