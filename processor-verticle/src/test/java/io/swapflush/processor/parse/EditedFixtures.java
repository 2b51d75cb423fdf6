package io.swapflush.processor.parse;

import io.swapflush.testsupport.Fixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;

/** Real fixtures edited to show what no real transaction of the set shows, each edit explained. */
public final class EditedFixtures {

  /** The Raydium AMM v4 sell beside a Jito tip: what the tests edit. */
  public static final String JITO_TIP_SELL = "jeffro__raydium_v4_sell_jito_tip_2XgzfkWe.json";

  private EditedFixtures() {
  }

  /**
   * {@link #JITO_TIP_SELL} with the pool's payout transfer removed from its swap's inner
   * instructions: the venue shows only the 22 254 340 082 tokens it took; the trader's balances
   * still show the SOL it received.
   */
  public static JsonObject sellWithoutPayout() throws IOException {
    JsonObject tx = new JsonObject(Files.readString(Fixtures.solanaTransaction(JITO_TIP_SELL)));
    JsonArray swapCalls = tx.getJsonObject("meta").getJsonArray("innerInstructions").stream()
        .map(JsonObject.class::cast).map(group -> group.getJsonArray("instructions"))
        .filter(calls -> calls.size() == 2).findFirst().orElseThrow();
    swapCalls.remove(1);
    return tx;
  }
}
