package io.swapflush.source.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.parse.TransactionParser;
import io.swapflush.testsupport.BlockTransactions;
import io.swapflush.testsupport.Fixtures;
import io.swapflush.testsupport.GeyserTransactions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every fixture transaction, {@code json} or {@code jsonParsed}, converted to the protobuf a Geyser
 * stream carries ({@link GeyserTransactions}) and read through {@link ProtobufTransactions}, parses to
 * what its JSON parses to: the same events field by field, the same uncertainties, or a rejection for
 * the same reason. Block time aside: a transaction update carries none, so the protobuf's events have
 * none and the JSON's are compared without theirs.
 */
class ProtobufTransactionsTest {

  private static final TransactionParser PARSER = new TransactionParser(Integer.MAX_VALUE);

  @Test
  void everySharedFixtureParsesAsItsJson() throws IOException {
    assertEveryFixtureParsesAsItsJson(Fixtures.solanaDir(), entry -> true);
  }

  /**
   * The repository's own fixtures too, those in encoding {@code json}: their {@code jsonParsed} ones
   * decode instructions (mint and account set-ups) that the converter cannot turn back into data.
   */
  @Test
  void everyJsonEncodedRepositoryFixtureParsesAsItsJson() throws IOException {
    Path instructions = Fixtures.instructionsDir();
    assertEveryFixtureParsesAsItsJson(instructions, entry -> !BlockTransactions.isJsonParsed(entry));
    assertEveryFixtureParsesAsItsJson(instructions.resolveSibling("solana-venue-side"),
        entry -> !BlockTransactions.isJsonParsed(entry));
  }

  private static void assertEveryFixtureParsesAsItsJson(Path dir, Predicate<JsonObject> converted)
      throws IOException {
    List<String> differences = new ArrayList<>();
    int transactions = 0;
    int events = 0;
    for (Path file : fixtureFiles(dir)) {
      byte[] document = Files.readAllBytes(file);
      List<Object> elements = PARSER.split(document);
      List<JsonObject> results = results(document);
      assertEquals(elements.size(), results.size(), file.toString());
      for (int i = 0; i < elements.size(); i++) {
        if (!converted.test(entry(results.get(i)))) {
          continue;
        }
        TransactionOutcome json = withoutBlockTime(PARSER.outcome(elements.get(i)));
        TransactionOutcome protobuf = PARSER.outcome(ProtobufTransactions.of(
            GeyserTransactions.info(entry(results.get(i)), i), results.get(i).getLong("slot")));
        if (!sameOutcome(json, protobuf)) {
          differences.add(file.getFileName() + "[" + i + "]\n  json:     " + json + "\n  protobuf: " + protobuf);
        }
        transactions++;
        events += json instanceof TransactionOutcome.Parsed parsed ? parsed.transaction().events().size() : 0;
      }
    }
    assertTrue(transactions > 0 && events > 0, dir + " has no transaction with events to compare");
    assertEquals(List.of(), differences, differences.size() + " of " + transactions + " transactions in " + dir
        + " parse differently from protobuf");
  }

  /** Parsed alike, or rejected for the same reason (the messages name fields of their own form). */
  private static boolean sameOutcome(TransactionOutcome json, TransactionOutcome protobuf) {
    if (json instanceof TransactionOutcome.Invalid rejected && protobuf instanceof TransactionOutcome.Invalid too) {
      return rejected.reason().equals(too.reason());
    }
    return json instanceof TransactionOutcome.Parsed && json.equals(protobuf);
  }

  private static TransactionOutcome withoutBlockTime(TransactionOutcome outcome) {
    if (!(outcome instanceof TransactionOutcome.Parsed parsed)) {
      return outcome;
    }
    ParsedTransaction transaction = parsed.transaction();
    List<SwapEvent> events = transaction.events().stream().map(e -> new SwapEvent(e.signature(), e.slot(), null,
        e.venue(), e.trader(), e.baseMint(), e.quoteMint(), e.side(), e.baseAmount(), e.quoteAmount(),
        e.baseDecimals(), e.quoteDecimals())).toList();
    return new TransactionOutcome.Parsed(new ParsedTransaction(transaction.signature(), events,
        transaction.uncertain()));
  }

  /** The getTransaction results of a fixture: one, or an array; each bare or in a JSON-RPC response. */
  private static List<JsonObject> results(byte[] document) {
    Object decoded = Json.decodeValue(Buffer.buffer(document));
    List<JsonObject> elements = new ArrayList<>();
    if (decoded instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        elements.add(array.getJsonObject(i));
      }
    } else {
      elements.add((JsonObject) decoded);
    }
    return elements.stream().map(result -> result.containsKey("jsonrpc") ? result.getJsonObject("result") : result)
        .toList();
  }

  /** What a Geyser update is made from: the block entry of a result. */
  private static JsonObject entry(JsonObject result) {
    return new JsonObject().put("transaction", result.getValue("transaction")).put("meta", result.getValue("meta"))
        .put("version", result.getValue("version"));
  }

  private static List<Path> fixtureFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.toString().endsWith(".json") && !file.endsWith("expected.json")).sorted()
          .toList();
    }
  }
}
