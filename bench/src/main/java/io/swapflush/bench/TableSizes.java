package io.swapflush.bench;

import io.swapflush.testsupport.TestDatabase;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code swap_events} takes on disk, all partitions: heap and indexes, the indexes of the
 * partition the writes go to, and how much of the index files the page cache holds ({@code fincore}
 * on the server's files, when the server is on this machine and readable; else -1); with the
 * machine's RAM and the server's shared_buffers.
 */
record TableSizes(long rows, long totalBytes, long indexBytes, long writePartitionIndexBytes,
                  long indexBytesInPageCache, long ramBytes, long sharedBufferBytes) {

  static TableSizes of(TestDatabase db, long rows, String writePartition) {
    Row sizes = db.query("""
        SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0), coalesce(sum(pg_indexes_size(inhrelid)), 0),
               coalesce(pg_indexes_size(to_regclass('%s')), 0),
               (SELECT setting::bigint * 8192 FROM pg_settings WHERE name = 'shared_buffers'),
               current_setting('data_directory')
        FROM pg_inherits WHERE inhparent = 'swap_events'::regclass""".formatted(writePartition)).get(0);
    List<String> indexFiles = db.query("""
        SELECT pg_relation_filepath(i.indexrelid) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indrelid
        WHERE h.inhparent = 'swap_events'::regclass""").stream().map(r -> r.getString(0)).toList();
    return new TableSizes(rows, sizes.getLong(0), sizes.getLong(1), sizes.getLong(2),
        cached(Path.of(sizes.getString(4)), indexFiles), machineRam(), sizes.getLong(3));
  }

  double bytesPerRow() {
    return rows == 0 ? Double.NaN : (double) totalBytes / rows;
  }

  /** The page-cache resident bytes of the relations' files (every 1 GB segment), by {@code fincore}; -1 if unknown. */
  private static long cached(Path dataDirectory, List<String> relations) {
    List<String> command = new ArrayList<>(List.of("fincore", "--bytes", "--noheadings", "--output", "RES"));
    for (String relation : relations) {
      Path file = dataDirectory.resolve(relation);
      Path segment = file;
      for (int n = 1; Files.exists(segment); n++) {
        command.add(segment.toString());
        segment = Path.of(file + "." + n);
      }
    }
    if (command.size() == 5) {
      return relations.isEmpty() ? 0 : -1;
    }
    try {
      Process fincore = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(fincore.getInputStream().readAllBytes());
      return fincore.waitFor() != 0 ? -1 : out.lines().mapToLong(l -> Long.parseLong(l.strip())).sum();
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** MemTotal of /proc/meminfo, the RAM {@code free -b} reports; -1 without it. */
  private static long machineRam() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).findFirst().orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }
}
