package io.swapflush.alerts;

import io.swapflush.event.Alert;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What a destination receives: an alert fired or withdrawn, in the Standard Webhooks payload shape
 * ({@code type}, {@code timestamp}, {@code data}). {@code id} is the message's, what a receiver
 * deduplicates by: the alert's id and its slot ({@code <alert id>.<slot>}), so that every delivery of
 * one firing has the same id, while the same transaction landing again at another slot after a
 * fork withdrew it (its alert reinstated) is a new message; its withdrawal adds {@code .retracted}.
 *
 * @param receivedNanos when the alert's transaction arrived in this process (nanoTime), 0 when it
 *     arrived in another (a recovered alert: latency is then measured from when it fired)
 */
public record AlertMessage(String id, Kind kind, Alert alert, String body, long receivedNanos) {

  public enum Kind {
    FIRED("alert.fired"), RETRACTED("alert.retracted");

    private final String type;

    Kind(String type) {
      this.type = type;
    }

    public String type() {
      return type;
    }
  }

  public static AlertMessage fired(Alert alert) {
    return new AlertMessage(alert.id() + "." + alert.slot(), Kind.FIRED, alert, payload(Kind.FIRED, alert.firedAtMs(),
        new JsonObject(alert.json())), alert.receivedNanos());
  }

  /** The withdrawal of an alert a fork took off the chain, at {@code nowMs}. */
  public static AlertMessage retracted(Alert alert, long nowMs) {
    JsonObject data = new JsonObject().put("id", alert.id()).put("rule", alert.rule()).put("mint", alert.mint())
        .put("signature", alert.signature()).put("slot", alert.slot()).put("reason", "fork");
    return new AlertMessage(alert.id() + "." + alert.slot() + ".retracted", Kind.RETRACTED, alert,
        payload(Kind.RETRACTED, nowMs, data), 0);
  }

  public String mint() {
    return alert.mint();
  }

  private static String payload(Kind kind, long timeMs, JsonObject data) {
    return new JsonObject().put("type", kind.type()).put("timestamp", Instant.ofEpochMilli(timeMs).toString())
        .put("data", data).encode();
  }
}
