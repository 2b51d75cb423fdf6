package io.swapflush.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds of the PostgreSQL server on this machine at one moment, process by process: every
 * process named {@code postgres} (the postmaster, its background processes, the backend of every
 * connection, other clients' included). Taken by name rather than by command line: the postmaster's
 * command line is its full path, the others' are retitled {@code postgres: ...}.
 */
record PostgresCpu(Map<Long, Double> secondsByPid) {

  static PostgresCpu now() {
    Map<Long, Double> seconds = new HashMap<>();
    for (long pid : processes()) {
      double s = "postgres".equals(Cpu.processName(pid)) ? Cpu.processSeconds(pid) : Double.NaN;
      if (!Double.isNaN(s)) {
        seconds.put(pid, s);
      }
    }
    return new PostgresCpu(seconds);
  }

  /**
   * What the server spent from {@code before} to this moment; a process started in between counts
   * whole. One that exits in between takes its CPU with it (an autovacuum worker, another client's
   * connection): the flusher's pool keeps its connections for the whole row, so its backends are all
   * counted. NaN where no server process is visible (no /proc, or the server on another machine).
   */
  double secondsSince(PostgresCpu before) {
    if (secondsByPid.isEmpty()) {
      return Double.NaN;
    }
    return secondsByPid.entrySet().stream()
        .mapToDouble(e -> e.getValue() - before.secondsByPid.getOrDefault(e.getKey(), 0.0)).sum();
  }

  private static List<Long> processes() {
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      return entries.map(p -> p.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
          .map(Long::valueOf).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
