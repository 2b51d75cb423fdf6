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
          "ALTER TABLE swap_checkpoints ADD COLUMN IF NOT EXISTS lease_until timestamptz")),
      new Migration(7, "slot-led key, partitions of a day of slots, the source of each row", List.of(
          EventPartitions.ENSURE_FUNCTION, """
          DO $$
          BEGIN
            -- a plain table of the old shape is moved; one made in the new shape (a TimescaleDB
            -- hypertable, say) is the operator's choice and left as it is
            IF (SELECT relkind FROM pg_class WHERE oid = to_regclass('swap_events')) = 'r'
               AND NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('swap_events')
                               AND attname = 'source_id' AND NOT attisdropped) THEN
              ALTER TABLE swap_events RENAME TO swap_events_unpartitioned;
              ALTER TABLE swap_events_unpartitioned RENAME CONSTRAINT swap_events_pkey TO swap_events_unpartitioned_pkey;
              DROP INDEX IF EXISTS swap_events_inserted_at;
              DROP INDEX IF EXISTS swap_events_slot;
              CREATE TABLE swap_events (
                LIKE swap_events_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
                source_id text,
                PRIMARY KEY (slot, signature, trader, base_mint)
              ) PARTITION BY RANGE (slot);
              PERFORM swap_events_ensure_partition(p)
                FROM (SELECT DISTINCT slot / {SLOTS} AS p FROM swap_events_unpartitioned) AS partitions;
              INSERT INTO swap_events (signature, slot, block_time, venue, trader, base_mint, quote_mint, side,
                                       base_amount, quote_amount, base_decimals, quote_decimals, inserted_at)
                SELECT signature, slot, block_time, venue, trader, base_mint, quote_mint, side,
                       base_amount, quote_amount, base_decimals, quote_decimals, inserted_at
                FROM swap_events_unpartitioned;
              DROP TABLE swap_events_unpartitioned;
            END IF;
          END $$""".replace("{SLOTS}", Long.toString(EventPartitions.SLOTS)),
          // the recent rows a new reader counts from; BRIN costs appends almost nothing
          "CREATE INDEX IF NOT EXISTS swap_events_inserted_at ON swap_events USING brin (inserted_at)",
          // the key leads with the slot now: rewinds' slot ranges need nothing else
          "DROP INDEX IF EXISTS swap_events_slot",
          // a mint's trades in a time range; a trader's; per-hour aggregates scan by block time
          "CREATE INDEX IF NOT EXISTS swap_events_mint_time ON swap_events (base_mint, block_time)",
          "CREATE INDEX IF NOT EXISTS swap_events_trader_time ON swap_events (trader, block_time)",
          "CREATE INDEX IF NOT EXISTS swap_events_block_time ON swap_events USING brin (block_time)")),
      new Migration(8, "alerts with their delivery, instances that deliver them", List.of("""
          CREATE TABLE IF NOT EXISTS swap_alerts (
            id                   text        PRIMARY KEY,
            rule                 text        NOT NULL,
            mint                 text        NOT NULL,
            signature            text        NOT NULL,
            slot                 bigint      NOT NULL,
            source_id            text,
            fired_at             timestamptz NOT NULL,
            alert                jsonb       NOT NULL,
            owner                text        NOT NULL,
            delivered            text[]      NOT NULL DEFAULT '{}',
            retracted_at         timestamptz,
            retraction_delivered text[]      NOT NULL DEFAULT '{}',
            settled              boolean     NOT NULL DEFAULT false,
            stored_at            timestamptz NOT NULL DEFAULT now()
          )""",
          // what recovery looks for: few rows, those not yet delivered everywhere
          "CREATE INDEX IF NOT EXISTS swap_alerts_unsettled ON swap_alerts (fired_at) WHERE NOT settled",
          // a fork's retraction: one source's slots
          "CREATE INDEX IF NOT EXISTS swap_alerts_source_slot ON swap_alerts (source_id, slot)",
          // the live stream resumed from an alert, and retention
          "CREATE INDEX IF NOT EXISTS swap_alerts_fired_at ON swap_alerts (fired_at)", """
          CREATE TABLE IF NOT EXISTS swap_instances (
            name        text        PRIMARY KEY,
            started_at  timestamptz NOT NULL DEFAULT now(),
            alive_until timestamptz NOT NULL
          )""")));

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
            // moving a large table's rows takes minutes, not the service's statement bound
            .compose(v -> conn.query("SET LOCAL statement_timeout = 0").execute())
            .compose(v -> conn.query(HISTORY).execute())
            .compose(v -> applyAll(conn))));
  }

  /** Whether the schema is at the latest version already: nothing to migrate. */
  public static Future<Boolean> isCurrent(Pool pool) {
    return pool.withConnection(SwapEventsSchema::isCurrent);
  }

  private static Future<Boolean> isCurrent(SqlConnection conn) {
    return conn.query("SELECT to_regclass('swap_schema_migrations') IS NOT NULL AND to_regclass('swap_events') "
            + "IS NOT NULL AND to_regclass('swap_events_rejected') IS NOT NULL AND to_regclass('swap_checkpoints') "
            + "IS NOT NULL AND to_regclass('swap_alerts') IS NOT NULL AND to_regclass('swap_instances') IS NOT NULL")
            .execute()
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
