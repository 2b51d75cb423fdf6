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
 * try again every second. The lock lives on a connection of its own, probed every second: when that
 * session ends (the leader died, its machine is gone, the network is cut) the database releases the
 * lock and a standby takes it; a leader whose probe fails stops reading at once.
 */
final class AdvisoryLockGate implements SourceGate {

  private static final Logger log = LoggerFactory.getLogger(AdvisoryLockGate.class);
  private static final long RETRY_MS = 1000;
  private static final long PROBE_MS = 1000;
  private static final String NEW_TERM = """
      INSERT INTO swap_checkpoints (source_id, position, epoch) VALUES ($1, 0, 1)
      ON CONFLICT (source_id) DO UPDATE SET epoch = swap_checkpoints.epoch + 1
      RETURNING epoch""";

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
    connected()
        .compose(conn -> conn.preparedQuery("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
            .execute(Tuple.of(sourceId)).timeout(PROBE_MS * 5, TimeUnit.MILLISECONDS)
            .compose(locked -> locked.iterator().next().getBoolean(0) ? newTerm(conn, sourceId)
                : Future.succeededFuture(-1L)))
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
    return conn.preparedQuery(NEW_TERM).execute(Tuple.of(sourceId))
        .map(rows -> rows.iterator().next().getLong(0));
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

  /** Checks the lock's session every second: once it is gone, so is the lead. */
  private void probe(String sourceId, Runnable lost) {
    timer = vertx.setTimer(PROBE_MS, id -> connection.query("SELECT 1").execute()
        .timeout(PROBE_MS * 2, TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          if (left) {
            return;
          }
          if (ar.succeeded()) {
            probe(sourceId, lost);
          } else {
            log.warn("Lost the lead of source {}: its lock's database session failed ({}); reading stops",
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
