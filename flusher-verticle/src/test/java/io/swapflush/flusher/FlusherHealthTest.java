package io.swapflush.flusher;

import static io.swapflush.testsupport.SampleEvents.tx;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.TcpProxy;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.PoolOptions;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flusher starts whatever the database does, keeps trying to reach it, and reports what a
 * {@code SELECT 1} cannot see: writes that do not succeed, with their SQLSTATE, and for how long;
 * a spill directory it cannot write, or corrupt spill files it had to set aside.
 */
@ExtendWith(VertxExtension.class)
class FlusherHealthTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @TempDir
  Path spillDir;

  @BeforeEach
  void emptyTables() {
    db.dropSwapflushTables();
  }

  private FlusherSettings settings() {
    return new FlusherSettings(10_000, 100, 1, 50, 0, 2_000, 20, 200, OverflowPolicy.BACKPRESSURE, spillDir.toString());
  }

  private void deploy(Vertx vertx, FlusherSettings settings, PgConnectOptions options) {
    HandOffCodec.registerOn(vertx);
    Await.result(vertx.deployVerticle(new FlusherVerticle(settings, options, new PoolOptions(), registry)));
  }

  private static JsonObject status(Vertx vertx) {
    return Await.result(vertx.eventBus().<JsonObject>request(Addresses.FLUSHER_STATUS, null)).body();
  }

  private static void send(Vertx vertx, int from, int count) {
    List<Future<?>> replies = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      replies.add(vertx.eventBus().request(Addresses.EVENTS, HandOff.of(tx(i, 2))));
    }
    Await.result(Future.all(replies));
  }

  private long rows() {
    return db.count("SELECT count(*) FROM swap_events");
  }

  @Test
  void startsWithTheDatabaseDownBuffersAndWritesOnceItAnswers(Vertx vertx) {
    try (TcpProxy proxy = TcpProxy.to(db.options())) {
      proxy.cut();
      deploy(vertx, settings(), proxy.options(db.options()));
      JsonObject down = status(vertx);
      assertFalse(down.getBoolean("connected"), down.encode());
      assertNotNull(down.getString("notConnectedReason"), down.encode());
      ReplyException notReady = (ReplyException) Await.failure(vertx.eventBus().request(Addresses.CHECKPOINTS, "a"));
      assertEquals(EventsProtocol.NOT_READY, notReady.failureCode(), "no checkpoint before it is loaded");
      send(vertx, 1, 10);

      proxy.restore();
      // the table does not exist until the flusher has reached the database
      await("the buffered events are written").atMost(TIMEOUT).ignoreExceptions().until(() -> rows() == 20);
      assertTrue(status(vertx).getBoolean("connected"));
    }
  }

  @Test
  void aDatabaseThatAcceptsConnectionsButNeverAnswersDoesNotHoldTheStart(Vertx vertx) throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      deploy(vertx, settings(), db.options().setHost("127.0.0.1").setPort(silent.getLocalPort()));
      assertFalse(status(vertx).getBoolean("connected"));
      send(vertx, 1, 5);
      assertEquals(10, status(vertx).getInteger("queuedEvents"), "events wait in the buffer meanwhile");
    }
  }

  @Test
  void writesHeldByALockShowHowLongEventsHaveWaited(Vertx vertx) {
    deploy(vertx, settings(), db.options());
    assertTrue(status(vertx).getBoolean("connected"), "a reachable database is ready when the start completes");
    PgConnection locker = Await.result(PgConnection.connect(vertx, db.options()));
    try {
      Await.result(locker.query("BEGIN").execute()
          .compose(v -> locker.query("LOCK TABLE swap_events IN ACCESS EXCLUSIVE MODE").execute()));
      send(vertx, 1, 10);
      await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(status(vertx).getLong("writeStalledMs") > 1000,
          () -> status(vertx).encode()));
      assertTrue(registry.get("swap.write.stalled").gauge().value() > 1, "the gauge shows the stall too");
      Await.result(locker.query("COMMIT").execute());
    } finally {
      locker.close();
    }
    await().atMost(TIMEOUT).until(() -> rows() == 20 && status(vertx).getLong("writeStalledMs") == 0);
  }

  @Test
  void aRoleWithoutCreateRunsOnExistingTablesAndAMissingPrivilegeShowsItsSqlState(Vertx vertx) {
    String role = "swapflush_writer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    Vertx setup = Vertx.vertx();
    try {
      Await.result(SwapEventsSchema.ensure(PgBuilder.pool().connectingTo(db.options()).using(setup).build()));
      db.query("CREATE ROLE " + role + " LOGIN");
      db.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      db.query("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO " + role);
      db.query("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + role);
      db.query("REVOKE INSERT ON swap_events FROM " + role);

      deploy(vertx, settings(), db.options().setUser(role));
      assertTrue(status(vertx).getBoolean("connected"), () -> "started without CREATE: " + status(vertx).encode());
      send(vertx, 1, 5);
      await().atMost(TIMEOUT).untilAsserted(() -> assertEquals("42501", status(vertx).getString("lastSqlState"),
          () -> status(vertx).encode()));
      assertTrue(status(vertx).getString("lastError").contains("permission denied"), () -> status(vertx).encode());

      db.query("GRANT INSERT ON swap_events TO " + role);
      await().atMost(TIMEOUT).until(() -> rows() == 10 && status(vertx).getString("lastSqlState") == null);
    } finally {
      setup.close();
      Await.result(vertx.undeploy(vertx.deploymentIDs().iterator().next()).otherwiseEmpty());
      db.query("DROP OWNED BY " + role);
      db.query("DROP ROLE IF EXISTS " + role);
    }
  }

  @Test
  void anUnwritableSpillDirectoryIsReportedAtStartAndLeftoverTemporaryFilesGo(Vertx vertx) throws Exception {
    Path leftover = Files.createFile(spillDir.resolve("spill-00000000000000000001-x.jsonl.tmp"));
    Path notADirectory = Files.createFile(spillDir.resolve("a-file"));
    deploy(vertx, settings().withSpillDir(notADirectory.toString()), db.options());
    assertTrue(status(vertx).getString("spillProblem").contains("is not writable"), () -> status(vertx).encode());

    Vertx other = Vertx.vertx();
    try {
      HandOffCodec.registerOn(other);
      Await.result(other.deployVerticle(new FlusherVerticle(settings(), db.options(), new PoolOptions(),
          new SimpleMeterRegistry())));
      assertFalse(Files.exists(leftover), "an unfinished spill file was never complete: removed at start");
    } finally {
      Await.result(other.close());
    }
  }

  @Test
  void aCorruptSpillFileIsSetAsideCountedAndReportedUntilAnOperatorTakesItAway(Vertx vertx) throws Exception {
    SpillDirectory spill = new SpillDirectory(vertx, spillDir.toString());
    Path good = Path.of(Await.result(spill.spill(IntStream.range(0, 100).mapToObj(i -> tx(i, 2)).toList())));
    Path truncated = Path.of(Await.result(spill.spill(IntStream.range(100, 200).mapToObj(i -> tx(i, 2)).toList())));
    byte[] whole = Files.readAllBytes(truncated);
    // cut inside a line (a cut between lines cannot be told from a shorter file)
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2 + 7));
    Path garbage = Files.write(spillDir.resolve("spill-00000000000000000002-garbage.jsonl"), new byte[] {0, 1, 2, -1});

    deploy(vertx, settings(), db.options());
    await("the good file's events are written and the file goes").atMost(TIMEOUT)
        .until(() -> rows() == 200 && !Files.exists(good));
    for (Path corrupt : List.of(truncated, garbage)) {
      assertFalse(Files.exists(corrupt), corrupt + " is not left to be loaded again");
      assertTrue(Files.exists(Path.of(corrupt + ".corrupt")), corrupt + " is kept, aside, for an operator");
    }
    assertEquals(2, registry.get("swap.spill.files.corrupt").counter().count());
    String problem = status(vertx).getString("spillProblem");
    assertTrue(problem.contains(truncated.getFileName() + ".corrupt") && problem.contains(garbage.getFileName()
        + ".corrupt"), problem);

    Files.delete(Path.of(truncated + ".corrupt"));
    Path lookedAt = Files.createDirectory(spillDir.resolve("looked-at"));
    Files.move(Path.of(garbage + ".corrupt"), lookedAt.resolve(garbage.getFileName()));
    await("/health is told once the operator has taken the files away").atMost(TIMEOUT)
        .untilAsserted(() -> assertNull(status(vertx).getString("spillProblem"), () -> status(vertx).encode()));
  }
}
