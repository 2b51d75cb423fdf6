package io.swapflush.flusher;

import io.swapflush.event.Alert;
import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of events, as kept in spill files and in the dead-letter table. */
final class SwapEventJson {

  private SwapEventJson() {
  }

  static JsonObject toJson(SwapEvent e) {
    return new JsonObject()
        .put("signature", e.signature()).put("slot", e.slot()).put("blockTime", e.blockTime())
        .put("venue", e.venue()).put("trader", e.trader())
        .put("baseMint", e.baseMint()).put("quoteMint", e.quoteMint()).put("side", e.side().label())
        .put("baseAmount", e.baseAmount().toString()).put("quoteAmount", e.quoteAmount().toString())
        .put("baseDecimals", e.baseDecimals()).put("quoteDecimals", e.quoteDecimals());
  }

  static SwapEvent fromJson(JsonObject j) {
    return new SwapEvent(j.getString("signature"), j.getLong("slot"), j.getLong("blockTime"), j.getString("venue"),
        j.getString("trader"), j.getString("baseMint"), j.getString("quoteMint"),
        SwapEvent.Side.ofLabel(j.getString("side")),
        new BigInteger(j.getString("baseAmount")), new BigInteger(j.getString("quoteAmount")),
        j.getInteger("baseDecimals").shortValue(), j.getInteger("quoteDecimals").shortValue());
  }

  static JsonObject toJson(TransactionEvents tx) {
    JsonArray events = new JsonArray();
    tx.events().forEach(e -> events.add(toJson(e)));
    JsonObject json = new JsonObject().put("source", tx.source()).put("position", tx.position())
        .put("cursor", tx.cursor()).put("epoch", tx.epoch()).put("events", events);
    if (!tx.alerts().isEmpty()) {
      JsonArray alerts = new JsonArray();
      tx.alerts().forEach(a -> alerts.add(new JsonObject().put("id", a.id()).put("rule", a.rule()).put("mint", a.mint())
          .put("signature", a.signature()).put("slot", a.slot()).put("source", a.source())
          .put("firedAtMs", a.firedAtMs()).put("json", a.json())));
      json.put("alerts", alerts);
    }
    if (tx.isRewind()) {
      json.put("rewind", new JsonObject().put("to", tx.rewind().to().toJson()).put("afterSlot", tx.rewind().afterSlot())
          .put("throughSlot", tx.rewind().throughSlot()));
    }
    return json;
  }

  static TransactionEvents transactionFromJson(JsonObject j) {
    List<SwapEvent> events = new ArrayList<>();
    j.getJsonArray("events").forEach(e -> events.add(fromJson((JsonObject) e)));
    List<Alert> alerts = new ArrayList<>();
    // a spill loaded in another process: the arrival time is that process's clock, so none is kept
    j.getJsonArray("alerts", new JsonArray()).forEach(a -> {
      JsonObject alert = (JsonObject) a;
      alerts.add(new Alert(alert.getString("id"), alert.getString("rule"), alert.getString("mint"),
          alert.getString("signature"), alert.getLong("slot"), alert.getString("source"), alert.getLong("firedAtMs"),
          0, alert.getString("json")));
    });
    JsonObject rewind = j.getJsonObject("rewind");
    return new TransactionEvents(j.getString("source"), j.getLong("position"), j.getString("cursor"), events,
        rewind == null ? null : new Rewind(SourceCheckpoint.fromJson(rewind.getJsonObject("to")),
            rewind.getLong("afterSlot"), rewind.getLong("throughSlot")), j.getLong("epoch", 0L), alerts);
  }
}
