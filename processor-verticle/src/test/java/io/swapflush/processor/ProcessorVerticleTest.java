package io.swapflush.processor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.parse.EditedFixtures;
import io.swapflush.parse.TransactionParser;
import io.swapflush.processor.signal.Metric;
import io.swapflush.processor.signal.TriggerRule;
import io.swapflush.processor.source.JsonlSettings;
import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.source.SourceSettings;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.Fixtures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    HandOffCodec.registerOn(vertx);
    AtomicBoolean refusing = new AtomicBoolean(true);
    Set<String> received = ConcurrentHashMap.newKeySet();
    vertx.eventBus().<HandOff>consumer(Addresses.EVENTS, message -> {
      if (refusing.get()) {
        message.fail(EventsProtocol.BUFFER_FULL, "full");
      } else {
        message.body().transactions().forEach(tx -> tx.events().forEach(e -> received.add(key(e))));
        message.reply(null);
      }
    });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    ProcessorSettings settings = new ProcessorSettings(new JsonlSettings(jsonl.toString()), 50, 5, 50,
        1 << 20, 10_000, d.windows(), d.maxMints(), d.triggers());
    Await.result(vertx.deployVerticle(new ProcessorVerticle(settings, registry)));

    // while everything is refused the outbox fills to its size, and the source stays paused there
    await("the source pauses near the outbox size").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> {
          assertTrue(outbox(registry) >= 50, "the outbox holds what was refused: " + outbox(registry));
          assertTrue(processed(registry) < 150, "processed while refused: " + processed(registry));
        });

    refusing.set(false);
    // the outbox forgets a message when its reply arrives, a moment after the consumer has it
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      assertEquals(expected.size(), received.size());
      assertEquals(3000.0, processed(registry));
      assertEquals(0.0, outbox(registry));
    });
    assertEquals(expected, received);
  }

  @Test
  void transactionsTheVenuesDoNotDecideAreCountedByReason(Vertx vertx) throws Exception {
    // a sell whose payout no transfer shows (an amount from balances), one circular route (no trade)
    List<String> lines = new ArrayList<>();
    lines.add(EditedFixtures.sellWithoutPayout());
    lines.add(new JsonObject(Files.readString(
        Fixtures.solanaTransaction("jupag__bot_jupiter_3hop_arb_jito_2BppD7Zq.json"))).encode());
    Path jsonl = Files.write(dir.resolve("uncertain.jsonl"), lines);
    HandOffCodec.registerOn(vertx);
    vertx.eventBus().<HandOff>consumer(Addresses.EVENTS, message -> message.reply(null));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    ProcessorSettings settings = new ProcessorSettings(new JsonlSettings(jsonl.toString()), 50, 5, 50,
        1 << 24, 10_000, d.windows(), d.maxMints(), d.triggers());
    Await.result(vertx.deployVerticle(new ProcessorVerticle(settings, registry)));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(2.0, processed(registry)));
    assertEquals(1.0, registry.get("swap.parse.uncertain").tag("reason", "balance-fallback").counter().count());
    assertEquals(1.0, registry.get("swap.parse.uncertain").tag("reason", "no-event").counter().count());
  }

  @Test
  void eachAlertTravelsWithItsTransactionToBeStoredAndIsPublishedAtOnce(Vertx vertx) throws Exception {
    SyntheticTransactions generator = new SyntheticTransactions(3);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      lines.add(generator.next());
    }
    Path jsonl = Files.write(dir.resolve("alerts.jsonl"), lines);
    HandOffCodec.registerOn(vertx);
    Set<String> expected = ConcurrentHashMap.newKeySet();
    Set<String> carried = ConcurrentHashMap.newKeySet();
    Set<String> published = ConcurrentHashMap.newKeySet();
    List<String> misplaced = new ArrayList<>();
    vertx.eventBus().<HandOff>consumer(Addresses.EVENTS, message -> {
      for (TransactionEvents tx : message.body().transactions()) {
        tx.events().forEach(e -> expected.add(Alert.idOf("every-trade", e.baseMint(), e.signature())));
        for (Alert alert : tx.alerts()) {
          carried.add(alert.id());
          if (tx.events().stream().noneMatch(e -> e.signature().equals(alert.signature()))
              || !tx.source().equals(alert.source())) {
            misplaced.add(alert.id());
          }
        }
      }
      message.reply(null);
    });
    vertx.eventBus().<Alert>consumer(Addresses.ALERTS, message -> published.add(message.body().id()));
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    ProcessorSettings settings = new ProcessorSettings(new JsonlSettings(jsonl.toString()), 50, 5, 50,
        1 << 20, 10_000, d.windows(), d.maxMints(),
        List.of(new TriggerRule("every-trade", Metric.TRADES, d.windows().get(0), 0, null, null, 0)));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Await.result(vertx.deployVerticle(new ProcessorVerticle(settings, registry)));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertEquals(300.0, processed(registry));
      assertEquals(expected, carried, "every trade's alert rides with its transaction");
    });
    assertTrue(expected.size() > 100);
    assertEquals(List.of(), misplaced);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(carried, published));
  }

  private static double processed(SimpleMeterRegistry registry) {
    return registry.get("swap.tx.processed").counter().count();
  }

  private static double outbox(SimpleMeterRegistry registry) {
    return registry.get("swap.outbox.size").gauge().value();
  }

  private static String key(SwapEvent e) {
    return e.signature() + "|" + e.trader() + "|" + e.baseMint();
  }
}
