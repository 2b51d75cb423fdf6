package io.swapflush.flusher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.testsupport.SampleEvents;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A database created by swapflush 0.1.0 is upgraded in place at start, by two instances at once, and keeps its checkpoints. */
class SchemaUpgradeTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  private static String schema010() throws IOException {
    return resource("/schema-0.1.0.sql");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @BeforeEach
  void emptySchema() {
    db.dropSwapflushTables();
  }

  private Future<String> deploy(Vertx vertx) {
    return deploy(vertx, db.options());
  }

  private Future<String> deploy(Vertx vertx, PgConnectOptions options) {
    HandOffCodec.registerOn(vertx);
    FlusherSettings settings = FlusherSettings.DEFAULTS.withSpillDir(spillDir.toString());
    return vertx.deployVerticle(new FlusherVerticle(settings, options, new PoolOptions(), new SimpleMeterRegistry()));
  }

  @Test
  void aDatabaseOfTheFirstReleaseUpgradesAndResumesFromItsCheckpoints() throws Exception {
    db.query(schema010());
    db.query("INSERT INTO swap_checkpoints (source_id, position) VALUES ('/data/feed.jsonl', 4242)");
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      Await.result(Future.all(deploy(first), deploy(second)));
      assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), db.query("SELECT version FROM swap_schema_migrations ORDER BY version").stream()
          .map(row -> row.getInteger(0)).toList());
      JsonObject checkpoint = Await.result(first.eventBus().<JsonObject>request(Addresses.CHECKPOINTS,
          "/data/feed.jsonl")).body();
      assertEquals(new SourceCheckpoint(4242, null), SourceCheckpoint.fromJson(checkpoint));
      assertEquals(1, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'swap_checkpoints'"
          + " AND column_name = 'cursor'"));
    } finally {
      Await.result(Future.join(first.close(), second.close()));
    }
  }

  /** Every row as a digest, in key order: equal before and after means none lost, none doubled, none changed. */
  private static String digest() {
    return db.query("SELECT count(*) || ':' || md5(string_agg(concat_ws('|', signature, slot, block_time, venue, trader,"
        + " base_mint, quote_mint, side, base_amount, quote_amount, base_decimals, quote_decimals, inserted_at), ','"
        + " ORDER BY signature, trader, base_mint)) FROM swap_events").get(0).getString(0);
  }

  @Test
  void rowsOfTheUnpartitionedTableMoveToThePartitionsWithoutLossAndNewSlotsGetTheirs() throws Exception {
    db.query(schema010());
    db.query(resource("/migrations-2-to-6.sql"));
    // 30 000 rows over slots of three partitions, every tenth without a block time
    db.query("""
        INSERT INTO swap_events (signature, slot, block_time, venue, trader, base_mint, quote_mint, side, base_amount,
                                 quote_amount, base_decimals, quote_decimals)
        SELECT 'sig' || i, 100000 + i * 17, CASE WHEN i % 10 = 0 THEN NULL ELSE to_timestamp(1700000000 + i) END,
               'raydium-amm', 'trader' || i % 97, 'mint' || i % 31, 'So11111111111111111111111111111111111111112',
               CASE WHEN i % 2 = 0 THEN 'buy' ELSE 'sell' END, i * 1000, i * 7, 6, 9
        FROM generate_series(1, 30000) AS i""");
    db.query("INSERT INTO swap_checkpoints (source_id, position, cursor) VALUES ('solana', 30000, '{\"slot\":610000}')");
    String before = digest();
    // a statement bound far shorter than moving the rows takes: the migration is not bound by it
    PgConnectOptions bounded = new PgConnectOptions(db.options()).addProperty("statement_timeout", "100");
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      Await.result(Future.all(deploy(first, bounded), deploy(second, bounded)));
      assertEquals(8, db.count("SELECT max(version) FROM swap_schema_migrations"));
      assertEquals(before, digest(), "every row moved, once, unchanged");
      assertEquals("p", db.query("SELECT relkind::text FROM pg_class WHERE relname = 'swap_events'").get(0).getString(0));
      assertEquals(List.of("swap_events_p0", "swap_events_p1", "swap_events_p2"), partitions());
      assertEquals(0, db.count("SELECT count(*) FROM swap_events WHERE source_id IS NOT NULL"),
          "rows from before did not know their source");

      // a row of a slot far ahead: its partition, and the next, are made before it is written
      SwapEvent ahead = SampleEvents.event("far-ahead", "trader", 5 * EventPartitions.SLOTS + 3, 1_700_000_000L);
      Await.result(first.eventBus().request(Addresses.EVENTS, HandOff.of(new TransactionEvents("solana", 30001,
          "{\"slot\":" + ahead.slot() + "}", List.of(ahead)))));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
          "SELECT count(*) FROM swap_events WHERE signature = 'far-ahead' AND source_id = 'solana'") == 1);
      assertEquals(List.of("swap_events_p0", "swap_events_p1", "swap_events_p2", "swap_events_p5", "swap_events_p6"),
          partitions());
    } finally {
      Await.result(Future.join(first.close(), second.close()));
    }
  }

  private static List<String> partitions() {
    return db.query("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        + "WHERE i.inhparent = 'swap_events'::regclass ORDER BY c.relname").stream().map(row -> row.getString(0)).toList();
  }

  @Test
  void aTableMadeInTheNewShapeByTheOperatorIsLeftAsItIs() throws Exception {
    // as a TimescaleDB hypertable would be: a plain table (chunks are its business), with source_id
    db.query(schema010());
    db.query(resource("/migrations-2-to-6.sql"));
    db.query("ALTER TABLE swap_events ADD COLUMN source_id text");
    Vertx vertx = Vertx.vertx();
    try {
      Await.result(deploy(vertx));
      assertEquals(8, db.count("SELECT max(version) FROM swap_schema_migrations"));
      assertEquals("r", db.query("SELECT relkind::text FROM pg_class WHERE relname = 'swap_events'").get(0).getString(0));
      Await.result(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(new TransactionEvents("solana", 1, "{}",
          List.of(SampleEvents.event("kept-plain", "trader", 7 * EventPartitions.SLOTS, 1_700_000_000L))))));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.count(
          "SELECT count(*) FROM swap_events WHERE signature = 'kept-plain' AND source_id = 'solana'") == 1);
    } finally {
      Await.result(vertx.close());
    }
  }
}
