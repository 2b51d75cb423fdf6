package io.swapflush.launcher;

import io.swapflush.parse.TransactionParser;
import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.TestDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A jsonl file of generated transactions, with the keys of the events the parser finds in it. */
record Replay(Path file, Set<String> keys, int transactions) {

  static Replay synthetic(Path file, int transactions, long seed) throws IOException {
    SyntheticTransactions generator = new SyntheticTransactions(seed);
    TransactionParser parser = new TransactionParser(1 << 20);
    Set<String> keys = new HashSet<>();
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < transactions; i++) {
        String line = generator.next();
        parser.parse(parser.split(line).get(0)).events()
            .forEach(e -> keys.add(e.signature() + "|" + e.trader() + "|" + e.baseMint()));
        out.write(line);
        out.write('\n');
      }
    }
    return new Replay(file, keys, transactions);
  }

  /** Appends lines [from, to) of the replay to {@code feed} in {@code steps} equal parts, {@code stepMs} apart (paced). */
  void appendTo(Path feed, int from, int to, int steps, long stepMs) {
    try {
      List<String> lines = Files.readAllLines(file).subList(from, to);
      int perStep = (lines.size() + steps - 1) / steps;
      for (int at = 0; at < lines.size(); at += perStep) {
        List<String> step = lines.subList(at, Math.min(lines.size(), at + perStep));
        Files.writeString(feed, String.join("\n", step) + "\n", StandardOpenOption.APPEND);
        Thread.sleep(stepMs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The event keys the parser finds in an existing jsonl file. */
  static Set<String> keysOf(Path file) throws IOException {
    TransactionParser parser = new TransactionParser(1 << 20);
    Set<String> keys = new HashSet<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        parser.parse(parser.split(line).get(0)).events()
            .forEach(e -> keys.add(e.signature() + "|" + e.trader() + "|" + e.baseMint()));
      }
    }
    return keys;
  }

  static Set<String> storedKeys(TestDatabase db) {
    Set<String> stored = new HashSet<>();
    db.query("SELECT signature || '|' || trader || '|' || base_mint FROM swap_events")
        .forEach(r -> stored.add(r.getString(0)));
    return stored;
  }
}
