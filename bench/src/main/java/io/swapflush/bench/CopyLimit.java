package io.swapflush.bench;

import io.swapflush.event.SwapEvent;
import io.vertx.pgclient.PgConnectOptions;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The physical limit: the same rows loaded by {@code psql \copy} (CSV) into an empty table with the same key. */
final class CopyLimit {

  private CopyLimit() {
  }

  static Row run(Workload workload, HandoffEvents events) throws Exception {
    workload.freshTables();
    Path csv = Files.createTempFile("swapflush-copy-", ".csv");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(csv)) {
        for (int i = 0; i < events.size(); i++) {
          SwapEvent e = events.event(i);
          out.write(String.join(",", e.signature(), Long.toString(e.slot()), "1970-01-01T00:00:00Z", e.venue(),
              e.trader(), e.baseMint(), e.quoteMint(), e.side().label(), e.baseAmount().toString(),
              e.quoteAmount().toString(), Short.toString(e.baseDecimals()), Short.toString(e.quoteDecimals())));
          out.write('\n');
        }
      }
      PgConnectOptions options = workload.options();
      ProcessBuilder psql = new ProcessBuilder(List.of("psql", "-q", "-v", "ON_ERROR_STOP=1",
          "-h", options.getHost(), "-p", Integer.toString(options.getPort()), "-U", options.getUser(),
          "-d", options.getDatabase(), "-c",
          "\\copy swap_events (signature, slot, block_time, venue, trader, base_mint, quote_mint, side, base_amount, "
              + "quote_amount, base_decimals, quote_decimals) FROM '" + csv + "' CSV"))
          .redirectErrorStream(true).inheritIO();
      if (options.getPassword() != null) {
        psql.environment().put("PGPASSWORD", options.getPassword());
      }
      long started = System.nanoTime();
      Process process = psql.start();
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("psql \\copy failed");
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long stored = workload.rows();
      return new Row(workload.name(), "copy-limit", stored, stored, seconds, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, events.size() - stored, Double.NaN, Double.NaN);
    } finally {
      Files.deleteIfExists(csv);
    }
  }
}
