package io.swapflush.flusher;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The tables the flusher writes, as versioned migrations applied at start, in order, in one
 * transaction with the record of each version. A database already at the latest version gets no
 * DDL at all, so a role without CREATE on the schema can run swapflush once the tables exist.
 * Safe when instances start together.
 */
public final class SwapEventsSchema {

  // Concurrent migrations would collide on the catalog; a transaction-scoped advisory lock
  // serializes instances starting at the same moment.
  private static final long LOCK_KEY = 0x5357_4150_464c_5553L;

  private record Migration(int version, String description, List<String> statements) {
  }

  private static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "swap events, dead letters, checkpoints", List.of("""
          CREATE TABLE IF NOT EXISTS swap_events (
            signature      text           NOT NULL,
            slot           bigint         NOT NULL,
            block_time     timestamptz,
            venue          text           NOT NULL,
            trader         text           NOT NULL,
            base_mint      text           NOT NULL,
            quote_mint     text           NOT NULL,
            side           text           NOT NULL CHECK (side IN ('buy', 'sell')),
            base_amount    numeric(39,0)  NOT NULL,
            quote_amount   numeric(39,0)  NOT NULL,
            base_decimals  smallint       NOT NULL,
            quote_decimals smallint       NOT NULL,
            inserted_at    timestamptz    NOT NULL DEFAULT now(),
            PRIMARY KEY (signature, trader, base_mint)
          )""", """
          CREATE TABLE IF NOT EXISTS swap_events_rejected (
            id          bigserial   PRIMARY KEY,
            signature   text,
            event       jsonb       NOT NULL,
            sqlstate    text,
            message     text        NOT NULL,
            rejected_at timestamptz NOT NULL DEFAULT now()
          )""", """
          CREATE TABLE IF NOT EXISTS swap_checkpoints (
            source_id   text        PRIMARY KEY,
            position    bigint      NOT NULL,
            updated_at  timestamptz NOT NULL DEFAULT now()
          )""")),
      new Migration(2, "checkpoint cursors", List.of(
          "ALTER TABLE swap_checkpoints ADD COLUMN IF NOT EXISTS cursor text")),
      // BRIN: the recent rows a new reader counts from, at almost no cost to appends
      new Migration(3, "recent rows by insertion time", List.of(
          "CREATE INDEX IF NOT EXISTS swap_events_inserted_at ON swap_events USING brin (inserted_at)")),
      new Migration(4, "reading terms of sources with standbys", List.of(
          "ALTER TABLE swap_checkpoints ADD COLUMN IF NOT EXISTS epoch bigint NOT NULL DEFAULT 0")),
      // BRIN: a rewind's (and a resumed chain source's) slot range without a scan of the whole table,
      // at almost no cost to appends, slots growing with insertion
      new Migration(5, "rows by slot, for rewinds", List.of(
          "CREATE INDEX IF NOT EXISTS swap_events_slot ON swap_events USING brin (slot)")),
      new Migration(6, "leases of sources with standbys", List.of(
          "ALTER TABLE swap_checkpoints ADD COLUMN IF NOT EXISTS lease_until timestamptz")));

  private static final String HISTORY = """
      CREATE TABLE IF NOT EXISTS swap_schema_migrations (
        version     integer     PRIMARY KEY,
        description text        NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )""";

  private SwapEventsSchema() {
  }

  /** The latest schema version this build knows. */
  private static int latestVersion() {
    return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
  }

  /**
   * Brings the schema to the latest version. Every migration is idempotent, so when a table is
   * missing (dropped by hand) they all run again; when all is in place nothing runs but two reads.
   */
  public static Future<Void> ensure(Pool pool) {
    return pool.withTransaction(conn -> isCurrent(conn).compose(current -> current
        ? Future.<Void>succeededFuture()
        : conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
            // "relation already exists, skipping" is the normal case, not worth the client's WARN log
            .compose(v -> conn.query("SET LOCAL client_min_messages = warning").execute())
            .compose(v -> conn.query(HISTORY).execute())
            .compose(v -> applyAll(conn))));
  }

  private static Future<Boolean> isCurrent(SqlConnection conn) {
    return conn.query("SELECT to_regclass('swap_schema_migrations') IS NOT NULL AND to_regclass('swap_events') "
            + "IS NOT NULL AND to_regclass('swap_events_rejected') IS NOT NULL AND to_regclass('swap_checkpoints') "
            + "IS NOT NULL").execute()
        .compose(rows -> !rows.iterator().next().getBoolean(0) ? Future.succeededFuture(false)
            : conn.query("SELECT coalesce(max(version), 0) FROM swap_schema_migrations").execute()
                .map(versions -> versions.iterator().next().getInteger(0) >= latestVersion()));
  }

  private static Future<Void> applyAll(SqlConnection conn) {
    Future<Void> chain = Future.succeededFuture();
    for (Migration migration : MIGRATIONS) {
      for (String statement : migration.statements()) {
        chain = chain.compose(v -> conn.query(statement).execute().mapEmpty());
      }
      chain = chain.compose(v -> conn.preparedQuery("INSERT INTO swap_schema_migrations (version, description) "
              + "VALUES ($1, $2) ON CONFLICT (version) DO NOTHING")
          .execute(Tuple.of(migration.version(), migration.description())).mapEmpty());
    }
    return chain;
  }
}
