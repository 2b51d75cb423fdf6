package io.swapflush.flusher;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The events stored in the last while, oldest first, a page at a time: what a new reader of a source
 * (a standby that took over, a restart) counts before it reads on, so its rolling counters and
 * alerts go on from where the last reader left them rather than from zero.
 */
final class RecentEvents {

  private static final String PAGE = """
      SELECT base_mint, side, quote_mint, quote_amount::text, quote_decimals, trader, signature,
             (extract(epoch FROM inserted_at) * 1000)::bigint, inserted_at::text
      FROM swap_events
      WHERE inserted_at > now() - make_interval(secs => $1 / 1000.0)
        AND (inserted_at, signature, trader, base_mint) > (($2::text)::timestamptz, $3, $4, $5)
      ORDER BY inserted_at, signature, trader, base_mint
      LIMIT $6""";

  private final Pool pool;

  RecentEvents(Pool pool) {
    this.pool = pool;
  }

  /**
   * A page of the events stored in the last {@code windowMs}: {@code {"events":[…], "after":{…}}};
   * {@code after} (null for the first page) is what the previous page ended with.
   */
  Future<JsonObject> page(long windowMs, JsonObject after, int limit) {
    JsonObject from = after != null ? after : new JsonObject().put("insertedAt", "-infinity").put("signature", "")
        .put("trader", "").put("baseMint", "");
    return pool.preparedQuery(PAGE).execute(Tuple.of(windowMs, from.getString("insertedAt"),
            from.getString("signature"), from.getString("trader"), from.getString("baseMint"), limit))
        .map(rows -> {
          JsonArray events = new JsonArray();
          JsonObject last = null;
          for (var row : rows) {
            events.add(new JsonObject().put("baseMint", row.getString(0)).put("side", row.getString(1))
                .put("quoteMint", row.getString(2)).put("quoteAmount", row.getString(3))
                .put("quoteDecimals", row.getInteger(4)).put("trader", row.getString(5))
                .put("signature", row.getString(6)).put("atMs", row.getLong(7)));
            last = new JsonObject().put("insertedAt", row.getString(8)).put("signature", row.getString(6))
                .put("trader", row.getString(5)).put("baseMint", row.getString(0));
          }
          return new JsonObject().put("events", events).put("after", last);
        });
  }
}
