package io.swapflush.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.processor.source.SyntheticSettings;
import io.swapflush.support.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The leader gauge says 1 only while this instance may read: not while it cannot reach the database that decides. */
@ExtendWith(VertxExtension.class)
class SourceWatchTest {

  private static SourceGate gate(String role) {
    return new SourceGate() {
      @Override
      public Future<Long> enter(Vertx vertx, String sourceId, Runnable lost) {
        return Future.succeededFuture(1L);
      }

      @Override
      public String role() {
        return role;
      }

      @Override
      public Future<Void> leave() {
        return Future.succeededFuture();
      }
    };
  }

  @Test
  void onlyALeaderOrTheOnlyReaderLeads(Vertx vertx) {
    Outbox outbox = new Outbox(vertx, 10, new Backoff(1, 1), () -> { }, () -> { });
    Map<String, Double> expected = Map.of("leader", 1.0, "alone", 1.0, "standby", 0.0, "connecting", 0.0);
    expected.forEach((role, leading) -> assertEquals(leading, new SourceWatch(vertx,
        new SyntheticSettings(1).create(1024, null), outbox, gate(role)).leading(), role));
  }
}
