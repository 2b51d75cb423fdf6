package io.swapflush.alerts;

import io.vertx.core.json.JsonObject;

/**
 * A destination's state as the verticle last published it, for gauges, /health and the status page.
 *
 * @param failingSinceMs since when every attempt has failed (wall clock), or -1
 */
record DestinationSnapshot(String name, String target, int pending, double oldestUndeliveredSeconds,
                           long failingSinceMs, String lastError, long nowMs) {

  static DestinationSnapshot idle(String name, String target) {
    return new DestinationSnapshot(name, target, 0, 0, -1, null, System.currentTimeMillis());
  }

  double failingSeconds() {
    return failingSinceMs < 0 ? 0 : (nowMs - failingSinceMs) / 1000.0;
  }

  JsonObject toJson() {
    return new JsonObject().put("name", name).put("target", target).put("pending", pending)
        .put("oldestUndeliveredSeconds", oldestUndeliveredSeconds)
        .put("failingSeconds", failingSeconds()).put("lastError", lastError);
  }
}
