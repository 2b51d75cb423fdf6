package io.swapflush.flusher;

import io.swapflush.event.Alert;
import io.swapflush.event.InstanceName;
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
 * rows whose key exists are skipped, and a checkpoint never moves back. The alerts the transactions
 * set off ride in the same statement. A write of a reading term
 * older than the one stored with a source's checkpoint (a deposed leader's, late) writes nothing.
 */
public final class SwapEventWriter {

  private static final String INSERT = """
      WITH fenced AS (
        SELECT EXISTS (SELECT 1 FROM unnest($16::text[], $17::int8[]) AS f(src, ep)
                       JOIN swap_checkpoints c ON c.source_id = f.src WHERE c.epoch > f.ep) AS yes),
      rows AS (
        INSERT INTO swap_events (signature, slot, block_time, venue, trader, base_mint, quote_mint, side,
                                 base_amount, quote_amount, base_decimals, quote_decimals, source_id)
        SELECT s, sl, to_timestamp(bt), v, t, bm, qm, sd, ba::numeric, qa::numeric, bd, qd, src
        FROM unnest($1::text[], $2::int8[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[],
                    $8::text[], $9::text[], $10::text[], $11::int2[], $12::int2[], $19::text[])
             AS u(s, sl, bt, v, t, bm, qm, sd, ba, qa, bd, qd, src)
        WHERE NOT (SELECT yes FROM fenced)
        ON CONFLICT DO NOTHING
        RETURNING 1),
      checkpoints AS (
        INSERT INTO swap_checkpoints (source_id, position, cursor, epoch, updated_at)
        SELECT src, pos, cur, ep, now()
        FROM unnest($13::text[], $14::int8[], $15::text[], $18::int8[]) AS c(src, pos, cur, ep)
        WHERE NOT (SELECT yes FROM fenced)
        ON CONFLICT (source_id) DO UPDATE
          SET position = GREATEST(swap_checkpoints.position, EXCLUDED.position),
              cursor = CASE WHEN EXCLUDED.position >= swap_checkpoints.position
                            THEN EXCLUDED.cursor ELSE swap_checkpoints.cursor END,
              epoch = GREATEST(swap_checkpoints.epoch, EXCLUDED.epoch),
              updated_at = now()),
      alerts AS (
        INSERT INTO swap_alerts (id, rule, mint, signature, slot, source_id, fired_at, alert, owner)
        SELECT id, r, m, sg, sl, src, to_timestamp(f / 1000.0), j::jsonb, $28
        FROM unnest($20::text[], $21::text[], $22::text[], $23::text[], $24::int8[], $25::text[], $26::int8[],
                    $27::text[]) AS a(id, r, m, sg, sl, src, f, j)
        WHERE NOT (SELECT yes FROM fenced)
        -- read again (a replay) it stays as it is; withdrawn by a fork, its transaction has landed
        -- again in the new branch: a new firing, owed to every destination
        ON CONFLICT (id) DO UPDATE SET slot = EXCLUDED.slot, source_id = EXCLUDED.source_id,
          fired_at = EXCLUDED.fired_at, alert = EXCLUDED.alert, owner = EXCLUDED.owner, delivered = '{}',
          retracted_at = NULL, retraction_delivered = '{}', settled = false, stored_at = now()
        WHERE swap_alerts.retracted_at IS NOT NULL)
      SELECT count(*), (SELECT yes FROM fenced) FROM rows""";

  private static final String STORED_TERM = "SELECT epoch FROM swap_checkpoints WHERE source_id = $1 FOR UPDATE";

  /**
   * The rewinding source's rows of the abandoned slots, through the slot-led key; rows written
   * before rows knew their source (source_id null) go with any source's rewind, as they always did.
   */
  private static final String DELETE_ABANDONED = """
      DELETE FROM swap_events WHERE slot > $1 AND slot <= $2 AND (source_id = $3 OR source_id IS NULL)""";

  /** Alerts of the abandoned slots are withdrawn: destinations that got one are told (the delivery reads this). */
  private static final String RETRACT_ALERTS = """
      UPDATE swap_alerts SET retracted_at = now(), settled = false
      WHERE source_id = $3 AND slot > $1 AND slot <= $2 AND retracted_at IS NULL""";

  private static final String MOVE_BACK = """
      INSERT INTO swap_checkpoints (source_id, position, cursor, updated_at) VALUES ($1, $2, $3, now())
      ON CONFLICT (source_id) DO UPDATE SET position = EXCLUDED.position, cursor = EXCLUDED.cursor, updated_at = now()""";

  private final Pool pool;
  private final EventPartitions partitions;

  public SwapEventWriter(Pool pool) {
    this.pool = pool;
    this.partitions = new EventPartitions(pool);
  }

  /** What a write came to: rows inserted (duplicates skipped), or nothing because a newer term reads the source. */
  public record Inserted(long rows, boolean fenced) {
  }

  /** {@link #insert(List, List, Map, Map)} of events of a source without positions, which no term fences. */
  public Future<Long> insert(List<SwapEvent> events, Map<String, SourceCheckpoint> checkpoints) {
    return insert(events.stream().map(e -> new SourcedEvent(null, e)).toList(), checkpoints, Map.of())
        .map(Inserted::rows);
  }

  /** {@link #insert(List, List, Map, Map)} without alerts. */
  public Future<Inserted> insert(List<SourcedEvent> events, Map<String, SourceCheckpoint> checkpoints,
      Map<String, Long> terms) {
    return insert(events, List.of(), checkpoints, terms);
  }

  /**
   * Writes every event, alert and checkpoint, all or none: none when a source of {@code terms} (its
   * reading term, by source) has a newer term stored with its checkpoint. This process owns the
   * alerts it stores: it delivers them, and they are another's to deliver once it is gone.
   */
  public Future<Inserted> insert(List<SourcedEvent> events, List<Alert> alerts, Map<String, SourceCheckpoint> checkpoints,
      Map<String, Long> terms) {
    List<Map.Entry<String, SourceCheckpoint>> entries = List.copyOf(checkpoints.entrySet());
    List<Map.Entry<String, Long>> fences = List.copyOf(terms.entrySet());
    Tuple columns = columns(events)
        .addArrayOfString(entries.stream().map(Map.Entry::getKey).toArray(String[]::new))
        .addArrayOfLong(entries.stream().map(e -> e.getValue().position()).toArray(Long[]::new))
        .addArrayOfString(entries.stream().map(e -> e.getValue().cursor()).toArray(String[]::new))
        .addArrayOfString(fences.stream().map(Map.Entry::getKey).toArray(String[]::new))
        .addArrayOfLong(fences.stream().map(Map.Entry::getValue).toArray(Long[]::new))
        .addArrayOfLong(entries.stream().map(e -> terms.getOrDefault(e.getKey(), 0L)).toArray(Long[]::new))
        .addArrayOfString(events.stream().map(SourcedEvent::source).toArray(String[]::new))
        .addArrayOfString(alerts.stream().map(Alert::id).toArray(String[]::new))
        .addArrayOfString(alerts.stream().map(Alert::rule).toArray(String[]::new))
        .addArrayOfString(alerts.stream().map(Alert::mint).toArray(String[]::new))
        .addArrayOfString(alerts.stream().map(Alert::signature).toArray(String[]::new))
        .addArrayOfLong(alerts.stream().map(Alert::slot).toArray(Long[]::new))
        .addArrayOfString(alerts.stream().map(Alert::source).toArray(String[]::new))
        .addArrayOfLong(alerts.stream().map(Alert::firedAtMs).toArray(Long[]::new))
        .addArrayOfString(alerts.stream().map(Alert::json).toArray(String[]::new))
        .addString(InstanceName.ofThisProcess());
    return partitions.ensureFor(events)
        .compose(v -> pool.preparedQuery(INSERT).execute(columns))
        .map(rows -> {
          var row = rows.iterator().next();
          return new Inserted(row.getLong(0), row.getBoolean(1));
        })
        .onFailure(e -> {
          if (SqlErrors.isMissingPartition(e)) {
            partitions.forget();
          }
        });
  }

  /**
   * Applies a source's move back over a fork in one transaction: the rows of the abandoned slots go,
   * and the checkpoint moves back (the one place it may).
   */
  public Future<Void> rewind(String source, Rewind rewind, long term) {
    return pool.withTransaction(conn -> conn.preparedQuery(STORED_TERM).execute(Tuple.of(source))
        .compose(stored -> {
          if (stored.iterator().hasNext() && stored.iterator().next().getLong(0) > term) {
            return Future.succeededFuture(); // a deposed reader's: the source is read by a newer term now
          }
          return conn.preparedQuery(DELETE_ABANDONED).execute(Tuple.of(rewind.afterSlot(), rewind.throughSlot(), source))
              .compose(deleted -> conn.preparedQuery(RETRACT_ALERTS)
                  .execute(Tuple.of(rewind.afterSlot(), rewind.throughSlot(), source)))
              .compose(retracted -> conn.preparedQuery(MOVE_BACK)
                  .execute(Tuple.of(source, rewind.to().position(), rewind.to().cursor())))
              .mapEmpty();
        }));
  }

  private static Tuple columns(List<SourcedEvent> events) {
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
      SwapEvent e = events.get(i).event();
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
