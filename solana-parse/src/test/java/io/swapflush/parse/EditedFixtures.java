package io.swapflush.parse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swapflush.testsupport.Fixtures;

/** Real fixtures edited to show what no real transaction of the set shows, each edit explained. */
public final class EditedFixtures {

  /** The Raydium AMM v4 sell beside a Jito tip: what the tests edit. */
  public static final String JITO_TIP_SELL = "jeffro__raydium_v4_sell_jito_tip_2XgzfkWe.json";

  private EditedFixtures() {
  }

  /**
   * {@link #JITO_TIP_SELL} with the pool's payout transfer removed from its swap's inner
   * instructions: the venue shows only the 22 254 340 082 tokens it took; the trader's balances
   * still show the SOL it received. The document as JSON text.
   */
  public static String sellWithoutPayout() {
    ObjectNode tx = JsonTrees.read(Fixtures.solanaTransaction(JITO_TIP_SELL));
    ArrayNode swapCalls = JsonTrees.elements(tx.withArray("/meta/innerInstructions"))
        .map(group -> (ArrayNode) group.get("instructions")).filter(calls -> calls.size() == 2).findFirst()
        .orElseThrow();
    swapCalls.remove(1);
    return tx.toString();
  }
}
