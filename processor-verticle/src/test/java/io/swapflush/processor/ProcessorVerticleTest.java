package io.swapflush.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.swapflush.processor.parse.TransactionParser;
import io.swapflush.processor.source.SourceSettings;
import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.Poll;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor against a stand-in for the flusher's side of the event-bus contract (accept or
 * refuse with {@link EventsProtocol#BUFFER_FULL}): refusals hold the source, and nothing is lost.
 */
@ExtendWith(VertxExtension.class)
class ProcessorVerticleTest {

  @TempDir
  Path dir;

  @Test
  void refusedMessagesWaitInTheOutboxThePausedSourceResumesAndNothingIsLost(Vertx vertx) throws Exception {
    SyntheticTransactions generator = new SyntheticTransactions(7);
    TransactionParser parser = new TransactionParser(1 << 20);
    List<String> lines = new ArrayList<>();
    Set<String> expected = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 3000; i++) {
      String line = generator.next();
      lines.add(line);
      parser.parse(parser.split(line).get(0)).events().forEach(e -> expected.add(key(e)));
    }
    Path jsonl = Files.write(dir.resolve("in.jsonl"), lines);

    TransactionEventsCodec.registerOn(vertx);
    AtomicBoolean refusing = new AtomicBoolean(true);
    Set<String> received = ConcurrentHashMap.newKeySet();
    vertx.eventBus().<TransactionEvents>consumer(Addresses.EVENTS, message -> {
      if (refusing.get()) {
        message.fail(EventsProtocol.BUFFER_FULL, "full");
      } else {
        message.body().events().forEach(e -> received.add(key(e)));
        message.reply(null);
      }
    });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    ProcessorSettings settings = new ProcessorSettings(new SourceSettings.Jsonl(jsonl.toString()), 50, 5, 50,
        1 << 20, 10_000, d.windows(), d.maxMints(), d.triggers());
    vertx.deployVerticle(new ProcessorVerticle(settings, registry)).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);

    Poll.sleep(1500);
    double processedWhileRefused = registry.get("swap.tx.processed").counter().count();
    double outbox = registry.get("swap.outbox.size").gauge().value();
    assertTrue(outbox >= 50, "the outbox holds what was refused: " + outbox);
    assertTrue(processedWhileRefused < 150, "the source is paused near the outbox size: " + processedWhileRefused);

    refusing.set(false);
    assertEquals(expected.size(), Poll.until(expected.size(), Duration.ofSeconds(30), received::size));
    assertEquals(expected, received);
    assertEquals(3000.0, registry.get("swap.tx.processed").counter().count());
    assertEquals(0.0, registry.get("swap.outbox.size").gauge().value());
  }

  private static String key(SwapEvent e) {
    return e.signature() + "|" + e.trader() + "|" + e.baseMint();
  }
}
