package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.SwapEvent;
import io.swapflush.testsupport.Fixtures;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every real mainnet fixture parses to exactly the events listed in its expected.json: the shared
 * set, and the repository's set of transactions by class (no trade in a liquidity operation, the
 * venue's side of fees, rent and remainders, RFQ makers, bridges).
 */
class GoldenFixturesTest {

  private final TransactionParser parser = new TransactionParser(16 << 20);

  @Test
  void everySharedFixtureParsesToItsExpectedEvents() throws IOException {
    assertEveryFixtureParsesToItsExpectedEvents(Fixtures.solanaDir());
  }

  @Test
  void everyFixtureOfTheRepositorysClassesParsesToItsExpectedEvents() throws IOException {
    assertEveryFixtureParsesToItsExpectedEvents(Fixtures.instructionsDir());
  }

  private void assertEveryFixtureParsesToItsExpectedEvents(Path dir) throws IOException {
    ObjectNode expected = JsonTrees.read(dir.resolve("expected.json"));
    double solTolerance = expected.get("solTolerance").asDouble();
    String solMint = expected.get("solMint").asText();
    List<String> report = new ArrayList<>();
    int failing = 0;
    Set<String> expectedFiles = new HashSet<>();
    expected.get("files").fieldNames().forEachRemaining(expectedFiles::add);
    assertEquals(fixtureFiles(dir), expectedFiles, "one expectation per fixture file");
    for (Map.Entry<String, JsonNode> file : expected.get("files").properties()) {
      JsonNode want = file.getValue();
      List<String> differences;
      try {
        List<SwapEvent> got = new ArrayList<>();
        for (Object tx : parser.split(Files.readString(dir.resolve(file.getKey())))) {
          ParsedTransaction parsed = parser.parse(tx);
          assertEquals(want.get("signature").asText(), parsed.signature(), file.getKey());
          got.addAll(parsed.events());
        }
        differences = compare(want.get("events"), got, solMint, solTolerance);
      } catch (InvalidTransactionException e) {
        differences = List.of("rejected: " + e.reason() + ": " + e.getMessage());
      }
      report.add((differences.isEmpty() ? "ok    " : "DIFF  ") + file.getKey());
      differences.forEach(d -> report.add("        " + d));
      failing += differences.isEmpty() ? 0 : 1;
    }
    System.out.println(String.join("\n", report));
    assertEquals(0, failing, failing + " fixture(s) differ:\n" + String.join("\n", report));
  }

  private static Set<String> fixtureFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".json") && !name.equals("expected.json")).collect(Collectors.toSet());
    }
  }

  private static List<String> compare(JsonNode wanted, List<SwapEvent> got, String solMint, double tolerance) {
    List<String> differences = new ArrayList<>();
    List<SwapEvent> unmatched = new ArrayList<>(got);
    for (JsonNode want : wanted) {
      SwapEvent match = unmatched.stream()
          .filter(e -> e.trader().equals(text(want, "trader")) && e.baseMint().equals(text(want, "baseMint")))
          .findFirst().orElse(null);
      if (match == null) {
        differences.add("missing " + want);
        continue;
      }
      unmatched.remove(match);
      check(differences, "quoteMint", text(want, "quoteMint"), match.quoteMint());
      check(differences, "side", text(want, "side"), match.side().label());
      check(differences, "venue", text(want, "venue"), match.venue());
      checkAmount(differences, "baseAmount", text(want, "baseAmount"), match.baseAmount(),
          match.baseMint().equals(solMint) ? tolerance : 0);
      checkAmount(differences, "quoteAmount", text(want, "quoteAmount"), match.quoteAmount(),
          match.quoteMint().equals(solMint) ? tolerance : 0);
    }
    unmatched.forEach(e -> differences.add("unexpected " + e));
    return differences;
  }

  /** A field's text, null when it is absent or null. */
  private static String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static void check(List<String> differences, String field, String want, String got) {
    if (!want.equals(got)) {
      differences.add(field + ": want " + want + ", got " + got);
    }
  }

  private static void checkAmount(List<String> differences, String field, String want, BigInteger got, double tolerance) {
    if (want == null) {
      return;
    }
    BigDecimal expected = new BigDecimal(want);
    BigDecimal error = new BigDecimal(got).subtract(expected).abs();
    if (error.compareTo(expected.multiply(BigDecimal.valueOf(tolerance), MathContext.DECIMAL64)) > 0) {
      differences.add(field + ": want " + want + ", got " + got);
    }
  }
}
