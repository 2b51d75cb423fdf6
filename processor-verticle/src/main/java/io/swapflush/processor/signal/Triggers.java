package io.swapflush.processor.signal;

import io.swapflush.event.Alert;
import io.swapflush.event.SwapEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Evaluates the rules against a mint's counters after each of its trades. */
public final class Triggers {

  private final List<TriggerRule> rules;

  public Triggers(List<TriggerRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * The alerts this trade sets off; {@code source} is the positioned source it came from (null for
   * none), {@code receivedNanos} when its transaction arrived.
   */
  public List<Alert> check(SwapEvent trade, MintCounters.MintStats stats, String source, long nowMs,
      long receivedNanos) {
    List<Alert> alerts = new ArrayList<>();
    for (TriggerRule rule : rules) {
      if (rule.mint() != null && !rule.mint().equals(trade.baseMint())) {
        continue;
      }
      double value = stats.value(rule.window(), rule.metric(), rule.quoteMint());
      if (value > rule.above() && stats.tryFire(rule.name(), rule.cooldownMs(), nowMs)) {
        String id = Alert.idOf(rule.name(), trade.baseMint(), trade.signature());
        JsonObject data = new JsonObject().put("id", id)
            .put("rule", rule.name()).put("mint", trade.baseMint()).put("metric", rule.metric().label())
            .put("window", rule.window().label()).put("value", value).put("threshold", rule.above())
            .put("quoteMint", rule.quoteMint()).put("signature", trade.signature()).put("slot", trade.slot())
            .put("trader", trade.trader()).put("time", Instant.ofEpochMilli(nowMs).toString())
            .put("latencyMicros", (System.nanoTime() - receivedNanos) / 1000);
        alerts.add(new Alert(id, rule.name(), trade.baseMint(), trade.signature(), trade.slot(), source, nowMs,
            receivedNanos, data.encode()));
      }
    }
    return alerts;
  }
}
