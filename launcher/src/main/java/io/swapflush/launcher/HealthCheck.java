package io.swapflush.launcher;

import io.swapflush.event.Addresses;
import io.swapflush.launcher.config.HealthSettings;
import io.swapflush.source.SourceReport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Healthy when the database answers, both pipeline verticles are deployed, writes succeed (events do
 * not wait beyond {@code health.writeStallMs} without one) and the source progresses (no input
 * waiting beyond {@code health.sourceStallMs} unread, what is durable not older than
 * {@code health.sourceLagMs}) and no alert destination has failed for longer than
 * {@code processor.alerts.failingAfterMs}. An unhealthy report lists every reason.
 */
final class HealthCheck {

  private static final long TIMEOUT_MS = 2000;
  private static final DeliveryOptions STATUS_QUERY = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);

  private final Vertx vertx;
  private final Pool pool;
  private final HealthSettings thresholds;

  HealthCheck(Vertx vertx, Pool pool, HealthSettings thresholds) {
    this.vertx = vertx;
    this.pool = pool;
    this.thresholds = thresholds;
  }

  /** The health report; {@code healthy} says whether to answer 200 or 503. */
  Future<JsonObject> check(boolean flusherDeployed, boolean processorDeployed, boolean alertsDeployed,
      boolean stopping) {
    Future<String> database = pool.query("SELECT 1").execute().timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map(rows -> (String) null)
        .otherwise(e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    Future<JsonObject> writes = status(flusherDeployed, Addresses.FLUSHER_STATUS);
    Future<SourceReport> source = processorDeployed
        ? vertx.eventBus().<SourceReport>request(Addresses.PROCESSOR_STATUS, null, STATUS_QUERY).map(Message::body)
        : Future.succeededFuture();
    Future<JsonObject> alerts = status(alertsDeployed, Addresses.ALERT_STATUS);
    return Future.join(database, writes, source, alerts).transform(ignored -> {
      List<String> reasons = new ArrayList<>();
      if (stopping) {
        reasons.add("stopping");
      }
      String databaseError = database.result();
      if (databaseError != null) {
        reasons.add("database unreachable: " + databaseError);
      }
      if (!flusherDeployed) {
        reasons.add("flusher not deployed");
      } else {
        writeReasons(writes.result(), reasons);
      }
      if (!processorDeployed) {
        reasons.add("processor not deployed");
      } else {
        sourceReasons(source, reasons);
      }
      boolean ready = reasons.isEmpty();
      if (!alertsDeployed) {
        reasons.add("alert delivery not deployed");
      } else {
        alertReasons(alerts.result(), reasons);
      }
      return Future.succeededFuture(new JsonObject()
          .put("healthy", reasons.isEmpty())
          .put("ready", ready)
          .put("reasons", new JsonArray(reasons))
          .put("database", databaseError == null ? "up" : "down: " + databaseError)
          .put("flusher", flusherDeployed ? "deployed" : "not deployed")
          .put("processor", processorDeployed ? "deployed" : "not deployed")
          .put("writes", writes.result())
          .put("source", source.failed() ? notAnswering(source.cause())
              : source.result() == null ? null : source.result().toJson())
          .put("alerts", alerts.result()));
    });
  }

  /** A verticle's own status; an error status when it does not answer in time (its event loop is stuck). */
  private Future<JsonObject> status(boolean deployed, String address) {
    if (!deployed) {
      return Future.succeededFuture(null);
    }
    return vertx.eventBus().<JsonObject>request(address, null, STATUS_QUERY).map(reply -> reply.body())
        .otherwise(HealthCheck::notAnswering);
  }

  private static JsonObject notAnswering(Throwable e) {
    return new JsonObject().put("error", "no status within " + TIMEOUT_MS + " ms: " + e.getMessage());
  }

  private void writeReasons(JsonObject writes, List<String> reasons) {
    if (writes.containsKey("error")) {
      reasons.add("flusher: " + writes.getString("error"));
      return;
    }
    if (!writes.getBoolean("connected")) {
      reasons.add("flusher has not reached the database yet: " + writes.getString("notConnectedReason"));
    }
    long stalledMs = writes.getLong("writeStalledMs");
    if (stalledMs > thresholds.writeStallMs()) {
      String error = writes.getString("lastError");
      reasons.add("events have waited " + stalledMs + " ms without a successful write"
          + (error == null ? "" : "; last error: " + error));
    }
    if (writes.getString("spillProblem") != null) {
      reasons.add(writes.getString("spillProblem"));
    }
  }

  /** A destination every attempt to which has failed for longer than {@code failingAfterMs}, named. */
  private static void alertReasons(JsonObject alerts, List<String> reasons) {
    if (alerts.containsKey("error")) {
      reasons.add("alert delivery: " + alerts.getString("error"));
      return;
    }
    for (Object entry : alerts.getJsonArray("destinations")) {
      JsonObject destination = (JsonObject) entry;
      if (destination.getBoolean("failing")) {
        reasons.add("alert destination " + destination.getString("name") + " (" + destination.getString("target")
            + ") has failed for " + Math.round(destination.getDouble("failingSeconds")) + " s: "
            + destination.getString("lastError"));
      }
    }
  }

  private void sourceReasons(Future<SourceReport> status, List<String> reasons) {
    if (status.failed()) {
      reasons.add("processor: " + notAnswering(status.cause()).getString("error"));
      return;
    }
    SourceReport source = status.result();
    // a standby is ready: it takes over when the leader goes
    if (!source.inGoodState()) {
      reasons.add("source not running: " + source.state());
    }
    if (source.stalledMs() > thresholds.sourceStallMs()) {
      reasons.add("source stalled for " + source.stalledMs() + " ms: " + source.stalledReason());
    }
    if (source.lagSeconds() != null && source.lagSeconds() * 1000 > thresholds.sourceLagMs()) {
      reasons.add("source fallen behind: what is durable is " + Math.round(source.lagSeconds()) + " s old");
    }
  }
}
