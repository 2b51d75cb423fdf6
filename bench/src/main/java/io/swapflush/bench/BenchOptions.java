package io.swapflush.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The benchmark's command line: {@code --option value} pairs, each a known option, or {@code --help}
 * alone. An unknown option, a missing value or a stray word is refused with {@link Refused}, whose
 * message names it.
 */
final class BenchOptions {

  /** Every option with what it takes and its default, as {@code --help} prints them. */
  static final Map<String, String> KNOWN = known();

  private final Map<String, String> values;
  private final boolean help;

  private BenchOptions(Map<String, String> values, boolean help) {
    this.values = values;
    this.help = help;
  }

  /** The command line refused: what was wrong with it. */
  static final class Refused extends IllegalArgumentException {
    Refused(String message) {
      super(message);
    }
  }

  static BenchOptions parse(String... args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      return new BenchOptions(Map.of(), true);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new Refused("--help takes no other options");
      }
      if (!arg.startsWith("--")) {
        throw new Refused("expected --option value, got " + arg);
      }
      String name = arg.substring(2);
      if (!KNOWN.containsKey(name)) {
        throw new Refused("unknown option " + arg + " (--help lists the options)");
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new Refused("option " + arg + " needs a value");
      }
      values.put(name, args[i + 1]);
    }
    return new BenchOptions(values, false);
  }

  boolean help() {
    return help;
  }

  String get(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  int getInt(String name, int otherwise) {
    return parsed(name, otherwise, Integer::valueOf, "a whole number");
  }

  double getDouble(String name, double otherwise) {
    return parsed(name, otherwise, Double::valueOf, "a number");
  }

  private <T> T parsed(String name, T otherwise, Function<String, T> parse, String what) {
    String value = values.get(name);
    try {
      return value == null ? otherwise : parse.apply(value);
    } catch (NumberFormatException e) {
      throw new Refused("--" + name + " takes " + what + ", got " + value);
    }
  }

  /**
   * A list of row counts, ascending: whole numbers, with k or M for thousands and millions
   * ({@code 0,500k,10M}).
   */
  List<Long> getSizes(String name, String otherwise) {
    String value = values.getOrDefault(name, otherwise);
    List<Long> sizes = new ArrayList<>();
    for (String size : value.split(",")) {
      String s = size.strip();
      long unit = s.endsWith("M") ? 1_000_000 : s.endsWith("k") ? 1_000 : 1;
      try {
        sizes.add(Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit);
      } catch (NumberFormatException e) {
        throw new Refused("--" + name + " takes row counts such as 0,500k,10M, got " + value);
      }
      if (sizes.size() > 1 && sizes.get(sizes.size() - 1) <= sizes.get(sizes.size() - 2) || sizes.get(0) < 0) {
        throw new Refused("--" + name + " takes row counts in ascending order, got " + value);
      }
    }
    return sizes;
  }

  static String usage() {
    StringBuilder usage = new StringBuilder("Usage: java -jar bench/target/swapflush-bench.jar [--option value]...\n"
        + "       java -jar bench/target/swapflush-bench.jar --help\n\nOptions:\n");
    KNOWN.forEach((name, what) -> usage.append(String.format("  --%-18s %s%n", name, what)));
    return usage.toString();
  }

  private static Map<String, String> known() {
    Map<String, String> known = new LinkedHashMap<>();
    known.put("rows", "groups of rows, comma-separated, of processor,writes,rpc,grpc,fleet,status,"
        + "growth (default processor,writes,rpc)");
    known.put("runs", "measured runs of each row, medians reported (default 3)");
    known.put("events", "transactions of one swap event each per writes row (default 100000), or per "
        + "saturated growth run (without the writes rows: 200000)");
    known.put("db", "databases of the writes rows: loopback,remote or none (default loopback,remote)");
    known.put("rtt-ms", "round trip of the remote database and the rpc and grpc proxies, ms (default 5)");
    known.put("direct-seconds", "how long the direct row runs, s (default 5)");
    known.put("processor-lines", "jsonl lines of the processor row (default 50000)");
    known.put("rpc-blocks", "blocks of the rpc rows' chain (default 200)");
    known.put("rpc-concurrency", "blocks in flight in the rpc rows (default 4, the source's default)");
    known.put("grpc-slots", "slots of 540 swaps the saturated grpc row streams (default 100)");
    known.put("grpc-rate", "swap transactions a second of the paced grpc rows, a slot every 400 ms (default 1000)");
    known.put("grpc-seconds", "how long each paced grpc row streams, s (default 10)");
    known.put("kafka-documents", "documents of the fleet rows' topic (default 90000)");
    known.put("sizes", "growth: rows pre-filled in swap_events, comma-separated, ascending, 10M and 500k "
        + "allowed (default 0,10M,50M)");
    known.put("growth-db", "growth: a database kept after the run and reused by the next (filling only "
        + "the difference); default a fresh one, dropped at the end");
    return known;
  }
}
