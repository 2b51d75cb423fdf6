package io.swapflush.processor.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.testsupport.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
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
  void transfersThatAgreeWithTheEventAreNotCounted() throws IOException {
    ParsedTransaction parsed = parse(document());
    assertEquals(TOKENS, parsed.events().get(0).baseAmount());
    assertEquals(Set.of(), parsed.uncertain());
  }

  @Test
  void transfersTheEventContradictsAreCountedAndTheTransfersKept() throws IOException {
    JsonObject document = document();
    JsonObject amount = tokenTransfer(document).getJsonObject("tokenAmount");
    assertEquals(TOKENS.toString(), amount.getString("amount"), "the curve's transfer to the buyer");
    amount.put("amount", TOKENS.subtract(BigInteger.ONE).toString());

    ParsedTransaction parsed = parse(document);

    assertEquals(TOKENS.subtract(BigInteger.ONE), parsed.events().get(0).baseAmount());
    assertEquals(Set.of(Uncertainty.EVENT_MISMATCH), parsed.uncertain());
  }

  private static JsonObject document() throws IOException {
    return new JsonObject(Files.readString(Fixtures.instructionsDir().resolve(PUMP_BUY)));
  }

  private static JsonObject tokenTransfer(JsonObject document) {
    return document.getJsonObject("result").getJsonObject("meta").getJsonArray("innerInstructions").stream()
        .map(JsonObject.class::cast).flatMap(group -> group.getJsonArray("instructions").stream())
        .map(JsonObject.class::cast).filter(i -> i.getValue("parsed") instanceof JsonObject parsed
            && "transferChecked".equals(parsed.getString("type")))
        .map(i -> i.getJsonObject("parsed").getJsonObject("info")).findFirst().orElseThrow();
  }

  private ParsedTransaction parse(JsonObject document) {
    List<Object> transactions = parser.split(document.encode());
    return parser.parse(transactions.get(0));
  }
}
