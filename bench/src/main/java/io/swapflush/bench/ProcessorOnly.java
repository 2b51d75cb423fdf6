package io.swapflush.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOffCodec;
import io.swapflush.parse.Base58;
import io.swapflush.parse.TransactionParser;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.processor.source.JsonlSettings;
import io.swapflush.source.SourceSettings;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.Json;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The processor alone: the real ProcessorVerticle reads a jsonl file of real-size
 * transactions (the mainnet fixtures, each line with a fresh signature), parses them, updates the
 * counters and hands each off; a consumer standing in for the flusher accepts at once.
 */
final class ProcessorOnly {

  private ProcessorOnly() {
  }

  static Row run(int lines) throws Exception {
    Path file = Files.createTempFile("swapflush-processor-", ".jsonl");
    try {
      String shape = writeLines(file, lines);
      // one event loop, as the service runs by default
      Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      double cpu = Cpu.seconds();
      long started = System.nanoTime();
      try {
        HandOffCodec.registerOn(vertx);
        vertx.eventBus().consumer(Addresses.EVENTS, message -> message.reply(null));
        ProcessorSettings d = ProcessorSettings.DEFAULTS;
        ProcessorSettings settings = new ProcessorSettings(
            new JsonlSettings(file.toString(), "bench", true, false), d.outboxSize(), d.retryMinMs(),
            d.retryMaxMs(), d.maxTransactionBytes(), d.stopTimeoutMs(), d.windows(), d.maxMints(), d.triggers());
        Await.result(vertx.deployVerticle(new ProcessorVerticle(settings, registry)));
        while (registry.find("swap.tx.processed").counter() == null
            || registry.get("swap.tx.processed").counter().count() < lines) {
          Thread.sleep(5);
        }
      } finally {
        vertx.close();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Row("processor (" + shape + ")", "parse+hand-off", lines, lines, seconds, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, 0, Double.NaN, Cpu.seconds() - cpu);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Lines from the mainnet fixtures with fresh signatures; synthetic lines when the fixtures are absent. */
  private static String writeLines(Path file, int lines) throws Exception {
    List<String> documents = new ArrayList<>();
    List<String> signatures = new ArrayList<>();
    Path dir = Fixtures.locate();
    TransactionParser parser = new TransactionParser(1 << 22);
    if (dir != null) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".json") && !p.endsWith("expected.json")).toList()) {
          String document = Json.encode(Json.decodeValue(Files.readString(f)));
          documents.add(document);
          signatures.add(parser.parse(parser.split(document).get(0)).signature());
        }
      }
    }
    Random random = new Random(1);
    io.swapflush.processor.source.SyntheticTransactions synthetic =
        new io.swapflush.processor.source.SyntheticTransactions(1);
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < lines; i++) {
        if (documents.isEmpty()) {
          out.write(synthetic.next());
        } else {
          int pick = i % documents.size();
          byte[] fresh = new byte[64];
          random.nextBytes(fresh);
          fresh[0] |= 1;
          out.write(documents.get(pick).replace(signatures.get(pick), Base58.encode(fresh)));
        }
        out.write('\n');
      }
    }
    return documents.isEmpty() ? "synthetic, fixtures absent" : "mainnet fixtures";
  }
}
