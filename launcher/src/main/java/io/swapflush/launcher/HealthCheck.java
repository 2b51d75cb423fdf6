package io.swapflush.launcher;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/** Healthy when the database answers and both pipeline verticles are deployed. */
final class HealthCheck {

  private final Pool pool;

  HealthCheck(Pool pool) {
    this.pool = pool;
  }

  /** The health report; {@code healthy} says whether to answer 200 or 503. */
  Future<JsonObject> check(boolean flusherDeployed, boolean processorDeployed) {
    return pool.query("SELECT 1").execute().timeout(2, TimeUnit.SECONDS)
        .map(rows -> (String) null)
        .otherwise(e -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
        .map(databaseError -> new JsonObject()
            .put("healthy", databaseError == null && flusherDeployed && processorDeployed)
            .put("database", databaseError == null ? "up" : "down: " + databaseError)
            .put("flusher", flusherDeployed ? "deployed" : "not deployed")
            .put("processor", processorDeployed ? "deployed" : "not deployed"));
  }
}
