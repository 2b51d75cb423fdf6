package io.swapflush.processor.signal;

import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Exact sums over the trades of one mint in the last {@code lengthMs}: each trade is added once and
 * subtracted once when it leaves the window, so a read costs nothing and memory is the trades in it.
 */
final class RollingWindow {

  private final long lengthMs;
  private final ArrayDeque<Trade> trades = new ArrayDeque<>();
  private final Map<String, Integer> tradesByTrader = new HashMap<>();
  private final Map<String, QuoteTotals> byQuote = new HashMap<>();
  private long buys;
  private long sells;

  RollingWindow(long lengthMs) {
    this.lengthMs = lengthMs;
  }

  void add(Trade trade) {
    trades.addLast(trade);
    apply(trade, 1);
  }

  void expire(long nowMs) {
    while (!trades.isEmpty() && trades.peekFirst().atMs() <= nowMs - lengthMs) {
      apply(trades.pollFirst(), -1);
    }
  }

  private void apply(Trade trade, int sign) {
    if (trade.buy()) {
      buys += sign;
    } else {
      sells += sign;
    }
    QuoteTotals totals = byQuote.computeIfAbsent(trade.quoteMint(), q -> new QuoteTotals());
    totals.trades += sign;
    if (totals.trades == 0) {
      byQuote.remove(trade.quoteMint()); // also clears the rounding left by subtracting doubles
    } else if (trade.buy()) {
      totals.buy += sign * trade.quoteUnits();
    } else {
      totals.sell += sign * trade.quoteUnits();
    }
    tradesByTrader.merge(trade.trader(), sign, (a, b) -> a + b == 0 ? null : a + b);
  }

  /** The metric's value; volumes are in units of {@code quoteMint}. */
  double value(Metric metric, String quoteMint) {
    return switch (metric) {
      case TRADES -> buys + sells;
      case BUYS -> buys;
      case SELLS -> sells;
      case TRADERS -> tradesByTrader.size();
      case BUY_SELL_RATIO -> (double) buys / Math.max(1, sells);
      case BUY_VOLUME -> volume(quoteMint, 0);
      case SELL_VOLUME -> volume(quoteMint, 1);
    };
  }

  private double volume(String quoteMint, int side) {
    QuoteTotals totals = byQuote.get(quoteMint);
    return totals == null ? 0 : side == 0 ? totals.buy : totals.sell;
  }

  JsonObject toJson() {
    JsonObject volumes = new JsonObject();
    byQuote.forEach((quote, v) -> volumes.put(quote, new JsonObject().put("buy", v.buy).put("sell", v.sell)));
    return new JsonObject().put("trades", buys + sells).put("buys", buys).put("sells", sells)
        .put("traders", tradesByTrader.size()).put("volume", volumes);
  }

  private static final class QuoteTotals {
    int trades;
    double buy;
    double sell;
  }
}
