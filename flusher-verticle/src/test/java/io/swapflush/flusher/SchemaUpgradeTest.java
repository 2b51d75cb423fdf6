package io.swapflush.flusher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.HandOffCodec;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A database created by swapflush 0.1.0 is upgraded in place at start, by two instances at once, and keeps its checkpoints. */
class SchemaUpgradeTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spillDir;

  private static String schema010() throws IOException {
    try (InputStream in = SchemaUpgradeTest.class.getResourceAsStream("/schema-0.1.0.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Future<String> deploy(Vertx vertx) {
    HandOffCodec.registerOn(vertx);
    FlusherSettings settings = FlusherSettings.DEFAULTS.withSpillDir(spillDir.toString());
    return vertx.deployVerticle(new FlusherVerticle(settings, db.options(), new PoolOptions(), new SimpleMeterRegistry()));
  }

  @Test
  void aDatabaseOfTheFirstReleaseUpgradesAndResumesFromItsCheckpoints() throws Exception {
    db.query(schema010());
    db.query("INSERT INTO swap_checkpoints (source_id, position) VALUES ('/data/feed.jsonl', 4242)");
    Vertx first = Vertx.vertx();
    Vertx second = Vertx.vertx();
    try {
      Await.result(Future.all(deploy(first), deploy(second)));
      assertEquals(List.of(1, 2, 3, 4, 5, 6), db.query("SELECT version FROM swap_schema_migrations ORDER BY version").stream()
          .map(row -> row.getInteger(0)).toList());
      JsonObject checkpoint = Await.result(first.eventBus().<JsonObject>request(Addresses.CHECKPOINTS,
          "/data/feed.jsonl")).body();
      assertEquals(new SourceCheckpoint(4242, null), SourceCheckpoint.fromJson(checkpoint));
      assertEquals(1, db.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'swap_checkpoints'"
          + " AND column_name = 'cursor'"));
    } finally {
      Await.result(Future.join(first.close(), second.close()));
    }
  }
}
