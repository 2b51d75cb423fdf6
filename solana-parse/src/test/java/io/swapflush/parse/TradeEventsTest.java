package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.Uncertainty;
import io.swapflush.testsupport.Fixtures;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A venue's own trade event checks the transfers its swap made. */
class TradeEventsTest {

  /** Pump.fun create_v2 then buy_exact_sol_in; its TradeEvent (emitted to itself) says 96 449 438 144 093 tokens. */
  private static final String PUMP_BUY = "chainstack-pumpfun-bonkfun-bot__create-and-buy_pump-fun_2RoRJxat.json";
  private static final BigInteger TOKENS = new BigInteger("96449438144093");

  private final TransactionParser parser = new TransactionParser(16 << 20);

  @Test
  void transfersThatAgreeWithTheEventAreNotCounted() {
    ParsedTransaction parsed = parse(document());
    assertEquals(TOKENS, parsed.events().get(0).baseAmount());
    assertEquals(Set.of(), parsed.uncertain());
  }

  @Test
  void transfersTheEventContradictsAreCountedAndTheTransfersKept() {
    ObjectNode document = document();
    ObjectNode amount = (ObjectNode) tokenTransfer(document).get("tokenAmount");
    assertEquals(TOKENS.toString(), amount.get("amount").asText(), "the curve's transfer to the buyer");
    amount.put("amount", TOKENS.subtract(BigInteger.ONE).toString());

    ParsedTransaction parsed = parse(document);

    assertEquals(TOKENS.subtract(BigInteger.ONE), parsed.events().get(0).baseAmount());
    assertEquals(Set.of(Uncertainty.EVENT_MISMATCH), parsed.uncertain());
  }

  private static ObjectNode document() {
    return JsonTrees.read(Fixtures.instructionsDir().resolve(PUMP_BUY));
  }

  private static JsonNode tokenTransfer(ObjectNode document) {
    return JsonTrees.elements(document.at("/result/meta/innerInstructions"))
        .flatMap(group -> JsonTrees.elements(group.get("instructions")))
        .filter(i -> "transferChecked".equals(i.at("/parsed/type").asText()))
        .map(i -> i.at("/parsed/info")).findFirst().orElseThrow();
  }

  private ParsedTransaction parse(ObjectNode document) {
    List<Object> transactions = parser.split(document.toString());
    return parser.parse(transactions.get(0));
  }
}
