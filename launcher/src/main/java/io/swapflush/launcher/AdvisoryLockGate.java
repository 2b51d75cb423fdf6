package io.swapflush.launcher;

import io.swapflush.processor.SourceGate;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership of a single-stream source among instances sharing one database: the instance holding
 * a PostgreSQL session-level advisory lock keyed by the source id reads; the others stand by and
 * try again every second. The lock lives on a connection of its own, on which the leader renews a
 * lease every second; a leader whose renewal fails (or takes over 2 s) stops reading at once. When
 * the session ends (the leader died, the network closed it) the database releases the lock and a
 * standby takes it. When the session stays but the leader is gone from it — a partition that sends
 * neither FIN nor RST, a process stopped or frozen — the lease runs out: the standby ends that
 * session ({@code pg_terminate_backend}) and takes the lock with a new reading term, whose fencing
 * refuses whatever the old leader still writes when it wakes up.
 */
final class AdvisoryLockGate implements SourceGate {

  private static final Logger log = LoggerFactory.getLogger(AdvisoryLockGate.class);
  private static final long RETRY_MS = 1000;
  private static final long PROBE_MS = 1000;
  /** Longer than a renewal may take (2 s) by a margin: the old leader has stopped before it runs out. */
  static final long LEASE_MS = 10_000;
  private static final String NEW_TERM = """
      INSERT INTO swap_checkpoints (source_id, position, epoch, lease_until)
      VALUES ($1, 0, 1, now() + make_interval(secs => $2 / 1000.0))
      ON CONFLICT (source_id) DO UPDATE SET epoch = swap_checkpoints.epoch + 1, lease_until = EXCLUDED.lease_until
      RETURNING epoch""";
  private static final String RENEW = """
      UPDATE swap_checkpoints SET lease_until = now() + make_interval(secs => $3 / 1000.0)
      WHERE source_id = $1 AND epoch = $2""";
  /** The session holding the source's lock, ended once the lease its holder should renew has run out. */
  private static final String END_EXPIRED_HOLDER = """
      SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN swap_checkpoints c ON c.source_id = $1
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND ((l.classid::int8 << 32) | l.objid::int8) = hashtextextended($1, 0)
        AND c.lease_until < now()""";

  private final PgConnectOptions options;
  private Vertx vertx;
  private PgConnection connection;
  private volatile String role = "standby";
  private long term;
  private long timer = -1;
  private boolean left;

  AdvisoryLockGate(PgConnectOptions options) {
    this.options = options;
  }

  @Override
  public Future<Long> enter(Vertx vertx, String sourceId, Runnable lost) {
    this.vertx = vertx;
    if ("leader".equals(role)) {
      // still leading (the source's start is being tried again): the same term, the same probe
      return Future.succeededFuture(term);
    }
    Promise<Long> entered = Promise.promise();
    attempt(sourceId, entered, lost);
    return entered.future();
  }

  private void attempt(String sourceId, Promise<Long> entered, Runnable lost) {
    if (left) {
      entered.tryFail("left");
      return;
    }
    // bounded: a connection attempt over a partitioned link hears nothing, and must not hold the next one up
    connected().timeout(PROBE_MS * 5, TimeUnit.MILLISECONDS)
        .compose(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
            .execute(Tuple.of(sourceId)).timeout(PROBE_MS * 5, TimeUnit.MILLISECONDS)
            .compose(locked -> locked.iterator().next().getBoolean(0) ? newTerm(conn, sourceId)
                : endExpiredHolder(conn, sourceId).map(-1L)))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result() > 0) {
            role = "leader";
            term = ar.result();
            log.info("This instance leads source {} now, in reading term {}", sourceId, ar.result());
            probe(sourceId, lost);
            entered.tryComplete(ar.result());
          } else {
            if (ar.failed()) {
              drop();
            }
            role = ar.failed() ? "connecting" : "standby";
            timer = vertx.setTimer(RETRY_MS, id -> attempt(sourceId, entered, lost));
          }
        });
  }

  /**
   * A new reading term, stored with the source's checkpoint: writes of the terms before it, late
   * from a deposed leader, are refused from now on.
   */
  private static Future<Long> newTerm(PgConnection conn, String sourceId) {
    return conn.preparedQuery(NEW_TERM).execute(Tuple.of(sourceId, LEASE_MS))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Another session holds the lock: if its lease has run out, that session is ended; the next attempt takes the lock. */
  private static Future<Void> endExpiredHolder(PgConnection conn, String sourceId) {
    return conn.preparedQuery(END_EXPIRED_HOLDER).execute(Tuple.of(sourceId)).map(ended -> {
      if (ended.size() > 0) {
        log.warn("The leader of source {} let its lease run out while holding its lock (a partition, a stopped "
            + "process): its database session is ended, this instance takes over", sourceId);
      }
      return null;
    });
  }

  private Future<PgConnection> connected() {
    if (connection != null) {
      return Future.succeededFuture(connection);
    }
    return PgConnection.connect(vertx, options).map(conn -> {
      connection = conn;
      return conn;
    });
  }

  /** Renews the lease on the lock's session every second: once that fails, the lead is gone. */
  private void probe(String sourceId, Runnable lost) {
    timer = vertx.setTimer(PROBE_MS, id -> connection.preparedQuery(RENEW).execute(Tuple.of(sourceId, term, LEASE_MS))
        .timeout(PROBE_MS * 2, TimeUnit.MILLISECONDS)
        .compose(renewed -> renewed.rowCount() == 1 ? Future.succeededFuture()
            : Future.failedFuture("another instance reads the source in a newer term"))
        .onComplete(ar -> {
          if (left) {
            return;
          }
          if (ar.succeeded()) {
            probe(sourceId, lost);
          } else {
            log.warn("Lost the lead of source {}: its lease was not renewed ({}); reading stops",
                sourceId, ar.cause().getMessage());
            role = "standby";
            drop();
            lost.run();
          }
        }));
  }

  private void drop() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  @Override
  public String role() {
    return role;
  }

  @Override
  public Future<Void> leave() {
    left = true;
    if (vertx != null) {
      vertx.cancelTimer(timer);
    }
    role = "standby";
    PgConnection conn = connection;
    connection = null;
    // closing the session releases the lock
    return conn == null ? Future.succeededFuture() : conn.close().otherwiseEmpty();
  }
}
