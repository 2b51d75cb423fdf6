package io.swapflush.flusher;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** Creates the tables the flusher writes, idempotently and safely when instances start together. */
public final class SwapEventsSchema {

  // Concurrent CREATE TABLE IF NOT EXISTS can still collide on the catalog; a transaction-scoped
  // advisory lock serializes instances starting at the same moment.
  private static final long LOCK_KEY = 0x5357_4150_464c_5553L;

  private static final String SWAP_EVENTS = """
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
      )""";

  private static final String CHECKPOINTS = """
      CREATE TABLE IF NOT EXISTS swap_checkpoints (
        source_id   text        PRIMARY KEY,
        position    bigint      NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )""";

  private SwapEventsSchema() {
  }

  public static Future<Void> ensure(Pool pool) {
    return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
        // "relation already exists, skipping" is the normal case, not worth the client's WARN log
        .compose(v -> conn.query("SET LOCAL client_min_messages = warning").execute())
        .compose(v -> conn.query(SWAP_EVENTS).execute())
        .compose(v -> conn.query(DeadLetters.DDL).execute())
        .compose(v -> conn.query(CHECKPOINTS).execute())
        .mapEmpty());
  }
}
