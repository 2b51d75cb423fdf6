package io.swapflush.alerts;

import io.swapflush.event.Alert;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The delivery's side of {@code swap_alerts} (the flusher writes the alerts with their
 * transactions): this instance's heartbeat, what each destination has had, and the alerts whose
 * owner is gone.
 */
final class AlertStore {

  private static final String HEARTBEAT = """
      INSERT INTO swap_instances (name, alive_until) VALUES ($1, now() + $2 * interval '1 millisecond')
      ON CONFLICT (name) DO UPDATE SET alive_until = EXCLUDED.alive_until""";

  private static final String GONE = "UPDATE swap_instances SET alive_until = now() WHERE name = $1";

  /**
   * Adds destinations to what an alert had; settles it when nothing is left to send, unless a fork
   * withdrew it meanwhile and some destination that had it has not had the withdrawal. Returns the
   * rows found.
   */
  private static final String MARK = """
      UPDATE swap_alerts a SET
        delivered = ARRAY(SELECT DISTINCT d FROM unnest(a.delivered || m.delivered) AS d),
        retraction_delivered = ARRAY(SELECT DISTINCT d FROM unnest(a.retraction_delivered || m.retracted) AS d),
        settled = m.settled AND (a.retracted_at IS NULL
                                 OR (a.delivered || m.delivered) <@ (a.retraction_delivered || m.retracted))
      FROM (SELECT id, string_to_array(dl, ',') AS delivered, string_to_array(rt, ',') AS retracted, st AS settled
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[]) AS u(id, dl, rt, st)) AS m
      WHERE a.id = m.id
      RETURNING a.id""";

  private static final String COLUMNS =
      "id, rule, mint, signature, slot, source_id, fired_at, alert::text, delivered, retracted_at, retraction_delivered";

  /** Alerts not settled whose owner's heartbeat has stopped become this instance's. */
  private static final String CLAIM_ORPHANS = """
      UPDATE swap_alerts SET owner = $1
      WHERE id IN (SELECT id FROM swap_alerts a
                   WHERE NOT settled AND fired_at > now() - $2 * interval '1 millisecond'
                     AND NOT EXISTS (SELECT 1 FROM swap_instances i WHERE i.name = a.owner AND i.alive_until > now())
                   ORDER BY fired_at LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING\s""" + COLUMNS;

  /** This instance's own unsettled alerts that it does not hold: overflow, or retracted after delivery. */
  private static final String MINE = """
      SELECT\s""" + COLUMNS + """
       FROM swap_alerts
      WHERE NOT settled AND owner = $1 AND fired_at > now() - $2 * interval '1 millisecond'
        AND stored_at < now() - $3 * interval '1 millisecond' AND NOT (id = ANY($4))
      ORDER BY fired_at LIMIT $5""";

  /** Past every destination's maximum age: given up, whoever owned them. */
  private static final String EXPIRE = """
      WITH expired AS (
        UPDATE swap_alerts SET settled = true
        WHERE NOT settled AND fired_at <= now() - $1 * interval '1 millisecond' RETURNING 1)
      SELECT count(*) FROM expired""";

  private final Pool pool;
  private final String instance;

  AlertStore(Pool pool, String instance) {
    this.pool = pool;
    this.instance = instance;
  }

  Future<Void> heartbeat(long leaseMs) {
    return pool.preparedQuery(HEARTBEAT).execute(Tuple.of(instance, leaseMs)).mapEmpty();
  }

  /** A clean stop: the alerts left go to whoever comes next at once, not after the lease. */
  Future<Void> gone() {
    return pool.preparedQuery(GONE).execute(Tuple.of(instance)).mapEmpty();
  }

  /** Writes the marks; the ids whose rows were found (the others are not stored yet). */
  Future<Set<String>> mark(List<DeliveryMarks.Mark> marks) {
    Tuple columns = Tuple.tuple()
        .addArrayOfString(marks.stream().map(DeliveryMarks.Mark::id).toArray(String[]::new))
        .addArrayOfString(marks.stream().map(m -> String.join(",", m.delivered())).toArray(String[]::new))
        .addArrayOfString(marks.stream().map(m -> String.join(",", m.retracted())).toArray(String[]::new))
        .addArrayOfBoolean(marks.stream().map(DeliveryMarks.Mark::settled).toArray(Boolean[]::new));
    return pool.preparedQuery(MARK).execute(columns).map(rows -> {
      Set<String> found = new HashSet<>();
      rows.forEach(row -> found.add(row.getString(0)));
      return found;
    });
  }

  Future<List<StoredAlert>> claimOrphans(long maxAgeMs, int limit) {
    return pool.preparedQuery(CLAIM_ORPHANS).execute(Tuple.of(instance, maxAgeMs, limit)).map(AlertStore::alerts);
  }

  /** This instance's unsettled alerts stored over {@code settledWithinMs} ago, but for {@code held}. */
  Future<List<StoredAlert>> mine(long maxAgeMs, long settledWithinMs, Set<String> held, int limit) {
    return pool.preparedQuery(MINE)
        .execute(Tuple.of(instance, maxAgeMs, settledWithinMs, held.toArray(String[]::new), limit))
        .map(AlertStore::alerts);
  }

  Future<Long> expire(long maxAgeMs) {
    return pool.preparedQuery(EXPIRE).execute(Tuple.of(maxAgeMs)).map(rows -> rows.iterator().next().getLong(0));
  }

  private static List<StoredAlert> alerts(Iterable<Row> rows) {
    List<StoredAlert> alerts = new ArrayList<>();
    for (Row row : rows) {
      Alert alert = new Alert(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
          row.getLong(4), row.getString(5), row.getOffsetDateTime(6).toInstant().toEpochMilli(), 0, row.getString(7));
      alerts.add(new StoredAlert(alert, Set.of(row.getArrayOfStrings(8)), row.getValue(9) != null,
          Set.of(row.getArrayOfStrings(10))));
    }
    return alerts;
  }
}
