package io.swapflush.flusher;

import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch as one statement: columns travel as arrays and {@code unnest} turns them into rows,
 * so a batch is one round trip and, being one statement, one transaction — the source checkpoints
 * ride in the same statement, so they commit with the rows or not at all. Replays are harmless:
 * rows whose key exists are skipped, and a checkpoint never moves back.
 */
public final class SwapEventWriter {

  private static final String INSERT = """
      WITH rows AS (
        INSERT INTO swap_events (signature, slot, block_time, venue, trader, base_mint, quote_mint, side,
                                 base_amount, quote_amount, base_decimals, quote_decimals)
        SELECT s, sl, to_timestamp(bt), v, t, bm, qm, sd, ba::numeric, qa::numeric, bd, qd
        FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::text[], $10::text[], $11::int2[], $12::int2[])
             AS u(s, sl, bt, v, t, bm, qm, sd, ba, qa, bd, qd)
        ON CONFLICT DO NOTHING
        RETURNING 1),
      checkpoints AS (
        INSERT INTO swap_checkpoints (source_id, position, cursor, updated_at)
        SELECT src, pos, cur, now() FROM unnest($13::text[], $14::int8[], $15::text[]) AS c(src, pos, cur)
        ON CONFLICT (source_id) DO UPDATE
          SET position = GREATEST(swap_checkpoints.position, EXCLUDED.position),
              cursor = CASE WHEN EXCLUDED.position >= swap_checkpoints.position
                            THEN EXCLUDED.cursor ELSE swap_checkpoints.cursor END,
              updated_at = now())
      SELECT count(*) FROM rows""";

  private static final String DELETE_ABANDONED = "DELETE FROM swap_events WHERE slot > $1 AND slot <= $2";

  private static final String MOVE_BACK = """
      INSERT INTO swap_checkpoints (source_id, position, cursor, updated_at) VALUES ($1, $2, $3, now())
      ON CONFLICT (source_id) DO UPDATE SET position = EXCLUDED.position, cursor = EXCLUDED.cursor, updated_at = now()""";

  private final Pool pool;

  public SwapEventWriter(Pool pool) {
    this.pool = pool;
  }

  /**
   * Writes every event and checkpoint, all or none; completes with the number of rows inserted
   * (duplicates skipped).
   */
  public Future<Long> insert(List<SwapEvent> events, Map<String, SourceCheckpoint> checkpoints) {
    List<Map.Entry<String, SourceCheckpoint>> entries = List.copyOf(checkpoints.entrySet());
    Tuple columns = columns(events)
        .addArrayOfString(entries.stream().map(Map.Entry::getKey).toArray(String[]::new))
        .addArrayOfLong(entries.stream().map(e -> e.getValue().position()).toArray(Long[]::new))
        .addArrayOfString(entries.stream().map(e -> e.getValue().cursor()).toArray(String[]::new));
    return pool.preparedQuery(INSERT).execute(columns).map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Applies a source's move back over a fork in one transaction: the rows of the abandoned slots go,
   * and the checkpoint moves back (the one place it may).
   */
  public Future<Void> rewind(String source, Rewind rewind) {
    return pool.withTransaction(conn -> conn.preparedQuery(DELETE_ABANDONED)
        .execute(Tuple.of(rewind.afterSlot(), rewind.throughSlot()))
        .compose(deleted -> conn.preparedQuery(MOVE_BACK)
            .execute(Tuple.of(source, rewind.to().position(), rewind.to().cursor())))
        .mapEmpty());
  }

  private static Tuple columns(List<SwapEvent> events) {
    int n = events.size();
    String[] signature = new String[n];
    Long[] slot = new Long[n];
    Long[] blockTime = new Long[n];
    String[] venue = new String[n];
    String[] trader = new String[n];
    String[] baseMint = new String[n];
    String[] quoteMint = new String[n];
    String[] side = new String[n];
    String[] baseAmount = new String[n];
    String[] quoteAmount = new String[n];
    Short[] baseDecimals = new Short[n];
    Short[] quoteDecimals = new Short[n];
    for (int i = 0; i < n; i++) {
      SwapEvent e = events.get(i);
      signature[i] = e.signature();
      slot[i] = e.slot();
      blockTime[i] = e.blockTime();
      venue[i] = e.venue();
      trader[i] = e.trader();
      baseMint[i] = e.baseMint();
      quoteMint[i] = e.quoteMint();
      side[i] = e.side().label();
      baseAmount[i] = e.baseAmount().toString();
      quoteAmount[i] = e.quoteAmount().toString();
      baseDecimals[i] = e.baseDecimals();
      quoteDecimals[i] = e.quoteDecimals();
    }
    return Tuple.tuple()
        .addArrayOfString(signature).addArrayOfLong(slot).addArrayOfLong(blockTime).addArrayOfString(venue)
        .addArrayOfString(trader).addArrayOfString(baseMint).addArrayOfString(quoteMint).addArrayOfString(side)
        .addArrayOfString(baseAmount).addArrayOfString(quoteAmount)
        .addArrayOfShort(baseDecimals).addArrayOfShort(quoteDecimals);
  }
}
