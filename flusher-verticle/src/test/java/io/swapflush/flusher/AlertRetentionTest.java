package io.swapflush.flusher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(VertxExtension.class)
class AlertRetentionTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  private static String rows(int from, int to, String age, boolean settled) {
    return "INSERT INTO swap_alerts (id, rule, mint, signature, slot, fired_at, alert, owner, settled) "
        + "SELECT 'a' || i, 'busy', 'mint', 'sig' || i, i, now() - interval '" + age + "', '{}', 'x', " + settled
        + " FROM generate_series(" + from + ", " + to + ") AS i";
  }

  @Test
  void settledAlertsPastRetentionGoInChunksAndThoseStillOwedStay(Vertx vertx) {
    Pool pool = PgBuilder.pool().connectingTo(db.options()).using(vertx).build();
    Await.result(SwapEventsSchema.ensure(pool));
    db.query(rows(1, 12_000, "10 days", true));
    db.query(rows(12_001, 12_005, "10 days", false));
    db.query(rows(12_006, 12_008, "1 day", true));

    assertEquals(12_000, Await.result(new AlertRetention(pool, 7).deleteExpired()));
    assertEquals(8, db.count("SELECT count(*) FROM swap_alerts"));
    assertEquals(5, db.count("SELECT count(*) FROM swap_alerts WHERE NOT settled"));
  }
}
