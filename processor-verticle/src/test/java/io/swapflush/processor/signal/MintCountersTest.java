package io.swapflush.processor.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.swapflush.event.SwapEvent;
import io.swapflush.parse.Mints;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class MintCountersTest {

  static final WindowSpec ONE_MINUTE = WindowSpec.parse("1m");
  static final WindowSpec FIVE_MINUTES = WindowSpec.parse("5m");

  static SwapEvent trade(String mint, String trader, SwapEvent.Side side, long lamports) {
    return new SwapEvent("sig", 1, null, "pump-fun", trader, mint, Mints.SOL, side, BigInteger.TEN,
        BigInteger.valueOf(lamports), (short) 6, (short) 9);
  }

  private final MintCounters counters = new MintCounters(List.of(ONE_MINUTE, FIVE_MINUTES), 3);

  @Test
  void windowsCountTradesVolumesAndDistinctTradersAndRollOver() {
    counters.record(trade("A", "t1", SwapEvent.Side.BUY, 2_000_000_000L), 0);
    counters.record(trade("A", "t1", SwapEvent.Side.BUY, 500_000_000L), 10_000);
    counters.record(trade("A", "t2", SwapEvent.Side.SELL, 1_000_000_000L), 50_000);

    JsonObject at55s = counters.snapshot("A", 55_000).getJsonObject("windows");
    assertEquals(new JsonObject().put("trades", 3L).put("buys", 2L).put("sells", 1L).put("traders", 2)
        .put("volume", new JsonObject().put(Mints.SOL, new JsonObject().put("buy", 2.5).put("sell", 1.0))),
        at55s.getJsonObject("1m"));

    JsonObject at65s = counters.snapshot("A", 75_000).getJsonObject("windows");
    assertEquals(1L, at65s.getJsonObject("1m").getLong("trades"), "the first two left the 1m window");
    assertEquals(1, at65s.getJsonObject("1m").getInteger("traders"));
    assertEquals(0.0, at65s.getJsonObject("1m").getJsonObject("volume").getJsonObject(Mints.SOL).getDouble("buy"));
    assertEquals(3L, at65s.getJsonObject("5m").getLong("trades"));

    JsonObject later = counters.snapshot("A", 400_000).getJsonObject("windows");
    assertEquals(0L, later.getJsonObject("5m").getLong("trades"));
    assertEquals(new JsonObject(), later.getJsonObject("5m").getJsonObject("volume"));
  }

  @Test
  void theLeastRecentlyTradedMintIsEvicted() {
    counters.record(trade("A", "t", SwapEvent.Side.BUY, 1), 0);
    counters.record(trade("B", "t", SwapEvent.Side.BUY, 1), 1);
    counters.record(trade("C", "t", SwapEvent.Side.BUY, 1), 2);
    counters.record(trade("A", "t", SwapEvent.Side.BUY, 1), 3);
    counters.record(trade("D", "t", SwapEvent.Side.BUY, 1), 4);
    assertEquals(3, counters.size());
    assertNull(counters.snapshot("B", 5), "B traded least recently");
    assertEquals(2L, counters.snapshot("A", 5).getJsonObject("windows").getJsonObject("1m").getLong("trades"));
  }
}
