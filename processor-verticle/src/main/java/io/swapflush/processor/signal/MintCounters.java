package io.swapflush.processor.signal;

import io.swapflush.event.SwapEvent;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per base mint, rolling windows of trades, buys, sells, buy and sell volume (in quote units) and
 * distinct traders. At most {@code maxMints} mints are kept: the least recently traded is evicted.
 * Used on the processor's event loop only.
 */
public final class MintCounters {

  private final List<WindowSpec> windows;
  private final LinkedHashMap<String, MintStats> mints;

  public MintCounters(List<WindowSpec> windows, int maxMints) {
    this.windows = List.copyOf(windows);
    this.mints = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, MintStats> eldest) {
        return size() > maxMints;
      }
    };
  }

  /** Adds the event to its base mint's windows; returns the mint's stats, current at {@code nowMs}. */
  public MintStats record(SwapEvent event, long nowMs) {
    MintStats stats = mints.computeIfAbsent(event.baseMint(), m -> new MintStats(windows));
    double quoteUnits = new BigDecimal(event.quoteAmount()).movePointLeft(event.quoteDecimals()).doubleValue();
    stats.add(new Trade(nowMs, event.side() == SwapEvent.Side.BUY, event.quoteMint(), quoteUnits, event.trader()),
        nowMs);
    return stats;
  }

  /** The mint's windows as JSON, or null for a mint not seen (or evicted). */
  public JsonObject snapshot(String mint, long nowMs) {
    MintStats stats = mints.get(mint);
    if (stats == null) {
      return null;
    }
    stats.expire(nowMs);
    return stats.toJson().put("mint", mint);
  }

  public int size() {
    return mints.size();
  }

  /** Forgets every count: before counting again from what is stored. */
  public void clear() {
    mints.clear();
  }

  /** One mint's windows, and when each trigger rule last fired for it. */
  public static final class MintStats {
    private final List<WindowSpec> specs;
    private final RollingWindow[] windows;
    private final Map<String, Long> lastFiredMs = new java.util.HashMap<>();

    MintStats(List<WindowSpec> specs) {
      this.specs = specs;
      this.windows = specs.stream().map(spec -> new RollingWindow(spec.lengthMs())).toArray(RollingWindow[]::new);
    }

    void add(Trade trade, long nowMs) {
      for (RollingWindow window : windows) {
        window.add(trade);
        window.expire(nowMs);
      }
    }

    void expire(long nowMs) {
      for (RollingWindow window : windows) {
        window.expire(nowMs);
      }
    }

    public double value(WindowSpec window, Metric metric, String quoteMint) {
      return windows[specs.indexOf(window)].value(metric, quoteMint);
    }

    /** True, and the rule's cooldown starts, when the rule may fire for this mint now. */
    boolean tryFire(String rule, long cooldownMs, long nowMs) {
      Long last = lastFiredMs.get(rule);
      if (last != null && nowMs - last < cooldownMs) {
        return false;
      }
      lastFiredMs.put(rule, nowMs);
      return true;
    }

    JsonObject toJson() {
      JsonObject json = new JsonObject();
      for (int i = 0; i < windows.length; i++) {
        json.put(specs.get(i).label(), windows[i].toJson());
      }
      return new JsonObject().put("windows", json);
    }
  }
}
