package io.swapflush.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A database of its own for one test class on the real server; dropped on close, or after the
 * class when registered with {@code @RegisterExtension static final TestDatabase db = TestDatabase.create();}.
 */
public final class TestDatabase implements AutoCloseable, AfterAllCallback {

  private final Vertx vertx = Vertx.vertx();
  private final PgConnectOptions options;
  private final Pool pool;

  private TestDatabase(String name) {
    this.options = PostgresServer.options().setDatabase(name);
    this.pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
  }

  public static TestDatabase create() {
    String name = "swapflush_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    onServer(client -> client.query("CREATE DATABASE " + name).execute().mapEmpty());
    return new TestDatabase(name);
  }

  public PgConnectOptions options() {
    return new PgConnectOptions(options);
  }

  public String name() {
    return options.getDatabase();
  }

  /** Runs one SQL statement and returns its rows. */
  public List<Row> query(String sql) {
    List<Row> rows = new ArrayList<>();
    Await.result(pool.query(sql).execute()).forEach(rows::add);
    return rows;
  }

  /** Drops every table swapflush creates: the next flusher starts on an empty schema. */
  public void dropSwapflushTables() {
    query("DROP TABLE IF EXISTS swap_events, swap_events_rejected, swap_checkpoints, swap_schema_migrations");
  }

  public long count(String sql) {
    return query(sql).get(0).getLong(0);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    Await.result(pool.close());
    vertx.close();
    onServer(client -> client.query("DROP DATABASE IF EXISTS " + name() + " WITH (FORCE)").execute().mapEmpty());
  }

  private static void onServer(java.util.function.Function<SqlClient, Future<Void>> action) {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = PgBuilder.pool().connectingTo(PostgresServer.options()).using(vertx).build();
      Await.result(action.apply(pool).eventually(pool::close));
    } finally {
      vertx.close();
    }
  }
}
