package io.swapflush.processor.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.event.SwapEvent;
import io.swapflush.testsupport.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    JsonObject expected = new JsonObject(Files.readString(dir.resolve("expected.json")));
    double solTolerance = expected.getDouble("solTolerance");
    String solMint = expected.getString("solMint");
    List<String> report = new ArrayList<>();
    int failing = 0;
    assertEquals(fixtureFiles(dir), expected.getJsonObject("files").fieldNames(), "one expectation per fixture file");
    for (Map.Entry<String, Object> file : expected.getJsonObject("files")) {
      JsonObject want = (JsonObject) file.getValue();
      List<String> differences;
      try {
        List<SwapEvent> got = new ArrayList<>();
        for (Object tx : parser.split(Files.readString(dir.resolve(file.getKey())))) {
          ParsedTransaction parsed = parser.parse(tx);
          assertEquals(want.getString("signature"), parsed.signature(), file.getKey());
          got.addAll(parsed.events());
        }
        differences = compare(want.getJsonArray("events").getList(), got, solMint, solTolerance);
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

  private static List<String> compare(List<?> wanted, List<SwapEvent> got, String solMint, double tolerance) {
    List<String> differences = new ArrayList<>();
    List<SwapEvent> unmatched = new ArrayList<>(got);
    for (Object w : wanted) {
      JsonObject want = w instanceof JsonObject o ? o : new JsonObject((Map<String, Object>) w);
      SwapEvent match = unmatched.stream()
          .filter(e -> e.trader().equals(want.getString("trader")) && e.baseMint().equals(want.getString("baseMint")))
          .findFirst().orElse(null);
      if (match == null) {
        differences.add("missing " + want.encode());
        continue;
      }
      unmatched.remove(match);
      check(differences, "quoteMint", want.getString("quoteMint"), match.quoteMint());
      check(differences, "side", want.getString("side"), match.side().label());
      check(differences, "venue", want.getString("venue"), match.venue());
      checkAmount(differences, "baseAmount", want.getString("baseAmount"), match.baseAmount(),
          match.baseMint().equals(solMint) ? tolerance : 0);
      checkAmount(differences, "quoteAmount", want.getString("quoteAmount"), match.quoteAmount(),
          match.quoteMint().equals(solMint) ? tolerance : 0);
    }
    unmatched.forEach(e -> differences.add("unexpected " + e));
    return differences;
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
