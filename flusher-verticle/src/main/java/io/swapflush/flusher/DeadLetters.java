package io.swapflush.flusher;

import io.swapflush.event.SwapEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** {@code swap_events_rejected}: events the database refused as bad data, with the reason. */
final class DeadLetters {

  private static final String INSERT =
      "INSERT INTO swap_events_rejected (signature, event, sqlstate, message) VALUES ($1, $2, $3, $4)";

  private final Pool pool;

  DeadLetters(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(SwapEvent event, Throwable reason) {
    return pool.preparedQuery(INSERT)
        .execute(Tuple.of(event.signature(), SwapEventJson.toJson(event), SqlErrors.sqlState(reason),
            SqlErrors.describe(reason)))
        .mapEmpty();
  }
}
