package io.swapflush.bench;

import io.swapflush.flusher.FlusherSettings;
import io.swapflush.parse.Mints;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * {@code swap_events} as a live service's table after months: rows pre-filled in the database
 * (INSERT … SELECT generate_series, not through the service) into the flusher's own schema, going
 * back in slots from {@link #FIRST_WRITE_SLOT}, {@value #ROWS_PER_SLOT} rows a slot (3.5 million a
 * partition, a day of slots), block times at 400 ms a slot, 88-character signatures, traders and
 * mints drawn skewed from {@value #TRADERS} and {@value #MINTS} keys (the ones the writes use too),
 * source {@code solana}. The newest partition is half full when the writes begin at
 * {@link #FIRST_WRITE_SLOT}: they land after the pre-filled rows, as a live service's do. Growing
 * from one size to the next fills only the difference, older slots. Driver code: blocks the
 * benchmark's main thread.
 */
final class GrowthTable {

  static final long SLOTS_PER_PARTITION = 216_000;
  static final int ROWS_PER_SLOT = 16;
  static final int TRADERS = 50_000;
  static final int MINTS = 3_000;
  /** The partition the writes go to: slots 410 400 000 on, a mainnet slot of late 2026. */
  static final long WRITE_PARTITION = 1900;
  /** The first slot the benchmark writes, half a day into the newest partition; the pre-fill holds the slots before. */
  static final long FIRST_WRITE_SLOT = WRITE_PARTITION * SLOTS_PER_PARTITION + SLOTS_PER_PARTITION / 2;
  /** The block time of {@link #FIRST_WRITE_SLOT}: "now" for the pre-filled rows and their queries. */
  static final Instant LIVE_EDGE = Instant.parse("2026-12-01T00:00:00Z");
  static final List<String> VENUES = List.of("pump-fun", "pump-amm", "raydium-cpmm", "raydium-clmm",
      "raydium-launchlab", "orca-whirlpool", "meteora-dlmm", "meteora-dbc");
  private static final Duration LONG = Duration.ofMinutes(30);
  /** Partitions filled at once, each on a connection of its own: the machine's two cores. */
  private static final int FILLERS = 2;

  /** The keys the rows use, in the order of their ids (the most traded first). */
  record Keys(List<String> traders, List<String> mints) {
  }

  private final TestDatabase db;

  GrowthTable(TestDatabase db) {
    this.db = db;
  }

  /** Block time (epoch s) of a slot: 400 ms a slot, {@link #LIVE_EDGE} at {@link #FIRST_WRITE_SLOT}. */
  static long blockTime(long slot) {
    return LIVE_EDGE.getEpochSecond() + Math.floorDiv((slot - FIRST_WRITE_SLOT) * 400, 1000);
  }

  /** The index of the key drawn by {@code uniform} (0 to 1) out of {@code n}, the first ones the most often. */
  static int skewed(double uniform, int n) {
    return Math.min(n - 1, (int) Math.floor(n * uniform * uniform));
  }

  /**
   * The schema as the flusher makes it (deployed once on the empty database, if it has no
   * {@code swap_events} yet), the traders' and mints' keys, and the record of rows pre-filled.
   */
  void prepare(FlusherSettings settings) {
    if (db.query("SELECT to_regclass('swap_events') IS NULL").get(0).getBoolean(0)) {
      FedFlusher.deploy(1, settings, db.options(), 1).close();
    }
    db.query("""
        CREATE TABLE IF NOT EXISTS growth_filled (first_row bigint PRIMARY KEY, end_row bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS growth_traders (id int PRIMARY KEY, key text NOT NULL);
        INSERT INTO growth_traders SELECT i, {key} FROM generate_series(1, {traders}) i ON CONFLICT DO NOTHING;
        CREATE TABLE IF NOT EXISTS growth_mints (id int PRIMARY KEY, key text NOT NULL);
        INSERT INTO growth_mints SELECT i, {mintKey} FROM generate_series(1, {mints}) i ON CONFLICT DO NOTHING"""
        .replace("{key}", accountKey("'trader'")).replace("{mintKey}", accountKey("'mint'"))
        .replace("{traders}", Integer.toString(TRADERS)).replace("{mints}", Integer.toString(MINTS)));
  }

  /** A 43-character base58-like account key, made from a digest of {@code prefix} and {@code i}. */
  private static String accountKey(String prefix) {
    return "translate(rtrim(encode(sha256(convert_to(" + prefix + " || i, 'UTF8')), 'base64'), '='), '+/0OIl', "
        + "'abcdef')";
  }

  Keys keys() {
    return new Keys(column("SELECT key FROM growth_traders ORDER BY id"),
        column("SELECT key FROM growth_mints ORDER BY id"));
  }

  private List<String> column(String sql) {
    return db.query(sql).stream().map(row -> row.getString(0)).toList();
  }

  /**
   * Rows pre-filled so far (the benchmark's writes not counted): the ranges of rows filled, as far
   * as they follow each other from row 0 (a range whose fill was interrupted is not recorded).
   */
  long prefilled() {
    long end = 0;
    for (Row range : db.query("SELECT first_row, end_row FROM growth_filled ORDER BY first_row")) {
      if (range.getLong(0) != end) {
        break;
      }
      end = range.getLong(1);
    }
    return end;
  }

  /**
   * Pre-fills up to {@code target} rows, older slots than those already there, a partition at a
   * time (all made first by {@code swap_events_ensure_partition}; then each filled, vacuumed and
   * analyzed, two at once on two connections); then a checkpoint. A range of rows an interrupted run
   * recorded as filled is not filled again.
   */
  void fillTo(long target) {
    List<long[]> chunks = new ArrayList<>();
    for (long k = prefilled(); k < target; k = chunks.get(chunks.size() - 1)[2]) {
      long partition = Math.floorDiv(FIRST_WRITE_SLOT - 1 - k / ROWS_PER_SLOT, SLOTS_PER_PARTITION);
      chunks.add(new long[] {partition, k,
          Math.min(target, (FIRST_WRITE_SLOT - partition * SLOTS_PER_PARTITION) * ROWS_PER_SLOT)});
    }
    // made before any fill: CREATE TABLE … PARTITION OF waits for every write into swap_events to end
    chunks.forEach(chunk -> db.query("SELECT swap_events_ensure_partition(" + chunk[0] + ")"));
    Set<List<Long>> recorded = db.query("SELECT first_row, end_row FROM growth_filled").stream()
        .map(range -> List.of(range.getLong(0), range.getLong(1))).collect(Collectors.toSet());
    ExecutorService fillers = Executors.newFixedThreadPool(FILLERS);
    try {
      List<Future<?>> fills = new ArrayList<>();
      for (long[] chunk : chunks) {
        if (!recorded.contains(List.of(chunk[1], chunk[2]))) { // filled by an earlier, interrupted run
          fills.add(fillers.submit(() -> fill(chunk[0], chunk[1], chunk[2])));
        }
      }
      for (Future<?> fill : fills) {
        fill.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("pre-fill failed: " + e.getCause(), e.getCause());
    } finally {
      fillers.shutdownNow();
    }
    db.query("ANALYZE swap_events", LONG);
    db.query("CHECKPOINT", LONG);
  }

  private void fill(long partition, long from, long to) {
    long started = System.nanoTime();
    db.query(fillStatement(from, to), LONG);
    double filled = (System.nanoTime() - started) / 1e9;
    db.query("VACUUM (ANALYZE) swap_events_p" + partition, LONG);
    System.err.printf("growth: pre-filled rows %,d to %,d (partition %d) in %.1f s, vacuumed in %.1f s%n", from, to,
        partition, filled, (System.nanoTime() - started) / 1e9 - filled);
  }

  /** Rows {@code from} (the newest) to {@code to}, inserted oldest slot first, and the record of them, in one transaction. */
  private static String fillStatement(long from, long to) {
    String blockTime = "to_timestamp(" + LIVE_EDGE.getEpochSecond() + " + floor((g.slot - " + FIRST_WRITE_SLOT
        + ") * 0.4))";
    return """
        INSERT INTO swap_events (signature, slot, block_time, venue, trader, base_mint, quote_mint, side,
                                 base_amount, quote_amount, base_decimals, quote_decimals, inserted_at, source_id)
        SELECT translate(replace(encode(sha512(int8send(g.k)), 'base64'), E'\\n', ''), '+/0OIl=', 'abcdefg'),
               g.slot, {blockTime}, (ARRAY[{venues}])[g.venue], t.key, m.key, '{sol}',
               CASE WHEN g.k % 2 = 0 THEN 'buy' ELSE 'sell' END,
               (1 + floor(random() * 1e12))::numeric, (1 + floor(random() * 1e10))::numeric, 6, 9,
               {blockTime} + interval '1 second', 'solana'
        FROM (SELECT k, {w0} - 1 - k / {perSlot} AS slot,
                     1 + floor({traders} * random() ^ 2)::int AS trader, 1 + floor({mints} * random() ^ 2)::int AS mint,
                     1 + floor({venueCount} * random())::int AS venue
              FROM generate_series({last}, {from}, -1) AS k) g
        JOIN growth_traders t ON t.id = g.trader
        JOIN growth_mints m ON m.id = g.mint;
        INSERT INTO growth_filled VALUES ({from}, {to})"""
        .replace("{blockTime}", blockTime)
        .replace("{venues}", VENUES.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")))
        .replace("{sol}", Mints.SOL).replace("{w0}", Long.toString(FIRST_WRITE_SLOT))
        .replace("{perSlot}", Integer.toString(ROWS_PER_SLOT)).replace("{traders}", Integer.toString(TRADERS))
        .replace("{mints}", Integer.toString(MINTS)).replace("{venueCount}", Integer.toString(VENUES.size()))
        .replace("{last}", Long.toString(to - 1)).replace("{from}", Long.toString(from))
        .replace("{to}", Long.toString(to));
  }

  /**
   * The benchmark's writes of an earlier size gone (rows from {@link #FIRST_WRITE_SLOT} on, the
   * checkpoints), their partitions vacuumed: the table holds the pre-fill alone.
   */
  void dropWrites() {
    db.query("DELETE FROM swap_events WHERE slot >= " + FIRST_WRITE_SLOT + "; DELETE FROM swap_checkpoints", LONG);
    for (Row partition : db.query("""
        SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
        WHERE h.inhparent = 'swap_events'::regclass
          AND substring(c.relname FROM 'swap_events_p(\\d+)')::bigint >= """ + WRITE_PARTITION)) {
      db.query("VACUUM (ANALYZE) " + partition.getString(0), LONG);
    }
  }

  /** Waits until the rows of slots {@code first} to {@code last} number {@code expected}, checking every 200 ms. */
  void awaitRows(long first, long last, long expected, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (rows(first, last) < expected && System.currentTimeMillis() < deadline) {
      Workload.sleep(200);
    }
  }

  long rows(long firstSlot, long lastSlot) {
    return db.count("SELECT count(*) FROM swap_events WHERE slot BETWEEN " + firstSlot + " AND " + lastSlot);
  }

  long rows() {
    return db.query("SELECT count(*) FROM swap_events", LONG).get(0).getLong(0);
  }
}
