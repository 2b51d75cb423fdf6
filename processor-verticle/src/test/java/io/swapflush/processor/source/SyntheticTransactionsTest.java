package io.swapflush.processor.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.SwapEvent;
import io.swapflush.parse.Mints;
import io.swapflush.parse.TransactionParser;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The synthetic source's transactions go through the real parser and cover the shapes of real swaps. */
class SyntheticTransactionsTest {

  @Test
  void generatedTransactionsParseIntoVariedSwaps() {
    SyntheticTransactions generator = new SyntheticTransactions(42);
    TransactionParser parser = new TransactionParser(1 << 20);
    Set<String> venues = new HashSet<>();
    Set<String> quotes = new HashSet<>();
    Set<SwapEvent.Side> sides = new HashSet<>();
    int withoutEvents = 0;
    int bundles = 0;
    for (int i = 0; i < 2000; i++) {
      ParsedTransaction tx = parser.parse(parser.split(generator.next()).get(0));
      assertEquals(Set.of(), tx.uncertain(), "every amount from the generated swap instructions' transfers");
      withoutEvents += tx.events().isEmpty() ? 1 : 0;
      bundles += tx.events().size() > 1 ? 1 : 0;
      for (SwapEvent e : tx.events()) {
        venues.add(e.venue());
        quotes.add(e.quoteMint());
        sides.add(e.side());
        assertTrue(e.baseAmount().signum() > 0 && e.quoteAmount().signum() > 0, e.toString());
      }
    }
    assertEquals(Set.of("pump-fun", "pump-amm", "raydium-amm-v4", "orca-whirlpool", "meteora-dlmm", "jupiter"), venues);
    assertEquals(Set.of(Mints.SOL, Mints.USDC), quotes);
    assertEquals(Set.of(SwapEvent.Side.BUY, SwapEvent.Side.SELL), sides);
    assertTrue(withoutEvents > 20 && withoutEvents < 150, "about 3% failed transactions: " + withoutEvents);
    assertTrue(bundles > 40, "bundles of several signers: " + bundles);
  }
}
