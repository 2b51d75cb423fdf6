package io.swapflush.source.kafka;

import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.support.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/** The checkpoints of partitions, asked of the flusher, which keeps them with the rows. */
final class PartitionCheckpoints {

  private static final long RETRY_MIN_MS = 200;
  private static final long RETRY_MAX_MS = 5_000;

  private final Vertx vertx;

  PartitionCheckpoints(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * As stored in the database now: another instance may have moved it since this one started.
   * Asked again with backoff (the flusher may not have reached the database yet) while {@code wanted}.
   */
  Future<SourceCheckpoint> stored(String checkpointId, BooleanSupplier wanted) {
    Promise<SourceCheckpoint> promise = Promise.promise();
    ask(checkpointId, wanted, new Backoff(RETRY_MIN_MS, RETRY_MAX_MS), promise);
    return promise.future();
  }

  private void ask(String checkpointId, BooleanSupplier wanted, Backoff backoff, Promise<SourceCheckpoint> promise) {
    vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, checkpointId,
            new DeliveryOptions().addHeader(EventsProtocol.FROM_DATABASE, "true"))
        .map(reply -> SourceCheckpoint.fromJson(reply.body()))
        .onSuccess(promise::complete)
        .onFailure(e -> {
          if (wanted.getAsBoolean()) {
            vertx.setTimer(backoff.next(), id -> ask(checkpointId, wanted, backoff, promise));
          } else {
            promise.fail("no longer wanted: " + e.getMessage());
          }
        });
  }

  /** What this instance knows to be durable (written and committed); no database round trip. */
  Future<SourceCheckpoint> durable(String checkpointId) {
    return vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, checkpointId)
        .map(reply -> SourceCheckpoint.fromJson(reply.body()));
  }
}
