package io.swapflush.processor.signal;

import static io.swapflush.processor.signal.MintCountersTest.ONE_MINUTE;
import static io.swapflush.processor.signal.MintCountersTest.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.event.Alert;
import io.swapflush.event.SwapEvent;
import io.swapflush.parse.Mints;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TriggersTest {

  private final MintCounters counters = new MintCounters(List.of(ONE_MINUTE), 100);

  private List<JsonObject> feed(Triggers triggers, SwapEvent event, long nowMs) {
    return triggers.check(event, counters.record(event, nowMs), "solana", nowMs, System.nanoTime()).stream()
        .map(alert -> new JsonObject(alert.json())).toList();
  }

  @Test
  void aRuleFiresAboveItsThresholdThenWaitsForItsCooldown() {
    Triggers triggers = new Triggers(List.of(
        new TriggerRule("buy-spike", Metric.BUY_VOLUME, ONE_MINUTE, 5.0, Mints.SOL, null, 300_000)));
    List<JsonObject> alerts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      alerts.addAll(feed(triggers, trade("A", "t" + i, SwapEvent.Side.BUY, 1_000_000_000L), i * 1000L));
    }
    assertEquals(1, alerts.size(), "fires on the 6th SOL, then the cooldown holds it");
    JsonObject alert = alerts.get(0);
    assertEquals(List.of("buy-spike", "A", "1m", 6.0, 5.0, "sig"), List.of(alert.getString("rule"),
        alert.getString("mint"), alert.getString("window"), alert.getDouble("value"), alert.getDouble("threshold"),
        alert.getString("signature")));
    assertEquals("1970-01-01T00:00:05Z", alert.getString("time"));
    assertEquals(Alert.idOf("buy-spike", "A", "sig"), alert.getString("id"), "the id receivers deduplicate by");

    assertEquals(0, feed(triggers, trade("A", "x", SwapEvent.Side.BUY, 1_000_000_000L), 200_000).size());
    assertEquals(1, feed(triggers, trade("A", "y", SwapEvent.Side.BUY, 6_000_000_000L), 305_000).size(),
        "after the cooldown it may fire again");
  }

  @Test
  void cooldownIsPerMintAndAMintRuleWatchesOnlyItsMint() {
    Triggers triggers = new Triggers(List.of(
        new TriggerRule("busy", Metric.TRADES, ONE_MINUTE, 1, null, null, 60_000),
        new TriggerRule("only-B", Metric.TRADERS, ONE_MINUTE, 1, null, "B", 0)));
    feed(triggers, trade("A", "t1", SwapEvent.Side.BUY, 1), 0);
    assertEquals(List.of("busy"), rules(feed(triggers, trade("A", "t2", SwapEvent.Side.SELL, 1), 1)));
    feed(triggers, trade("B", "t1", SwapEvent.Side.BUY, 1), 2);
    assertEquals(List.of("busy", "only-B"), rules(feed(triggers, trade("B", "t2", SwapEvent.Side.BUY, 1), 3)));
    assertEquals(List.of("only-B"), rules(feed(triggers, trade("B", "t3", SwapEvent.Side.BUY, 1), 4)),
        "no cooldown on only-B; busy cools down for B");
  }

  @Test
  void buySellRatio() {
    Triggers triggers = new Triggers(List.of(
        new TriggerRule("one-sided", Metric.BUY_SELL_RATIO, ONE_MINUTE, 2.5, null, null, 0)));
    feed(triggers, trade("A", "s", SwapEvent.Side.SELL, 1), 0);
    feed(triggers, trade("A", "b1", SwapEvent.Side.BUY, 1), 1);
    feed(triggers, trade("A", "b2", SwapEvent.Side.BUY, 1), 2);
    assertEquals(0, feed(triggers, trade("A", "b2", SwapEvent.Side.SELL, 1), 3).size());
    feed(triggers, trade("A", "b3", SwapEvent.Side.BUY, 1), 4);
    feed(triggers, trade("A", "b4", SwapEvent.Side.BUY, 1), 5);
    assertEquals(0, feed(triggers, trade("A", "b5", SwapEvent.Side.BUY, 1), 6).size(), "5 buys / 2 sells is not above 2.5");
    assertEquals(3.0, feed(triggers, trade("A", "b6", SwapEvent.Side.BUY, 1), 7).get(0).getDouble("value"));
  }

  @Test
  void anAlertCarriesWhatStoresItAndWithdrawsIt() {
    Triggers triggers = new Triggers(List.of(new TriggerRule("busy", Metric.TRADES, ONE_MINUTE, 0, null, null, 0)));
    SwapEvent event = trade("A", "t1", SwapEvent.Side.BUY, 1);
    Alert alert = triggers.check(event, counters.record(event, 9_000), "rpc:main", 9_000, 123).get(0);
    assertEquals(List.of(Alert.idOf("busy", "A", event.signature()), "busy", "A", event.signature(), event.slot(),
            "rpc:main", 9_000L, 123L),
        List.of(alert.id(), alert.rule(), alert.mint(), alert.signature(), alert.slot(), alert.source(),
            alert.firedAtMs(), alert.receivedNanos()));
    assertEquals(event.slot(), new JsonObject(alert.json()).getLong("slot"));
  }

  private static List<String> rules(List<JsonObject> alerts) {
    return alerts.stream().map(a -> a.getString("rule")).toList();
  }
}
