package io.swapflush.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
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

  /** Whether close drops the database: not for one {@link #kept(String)}. */
  private final boolean dropOnClose;

  private TestDatabase(String name, boolean dropOnClose) {
    this.dropOnClose = dropOnClose;
    this.options = PostgresServer.options().setDatabase(name);
    this.pool = PgBuilder.pool().connectingTo(options).using(vertx).build();
  }

  public static TestDatabase create() {
    String name = "swapflush_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    onServer(client -> client.query("CREATE DATABASE " + name).execute().mapEmpty());
    return new TestDatabase(name, true);
  }

  /**
   * The database {@code name}, created unless it exists, and kept on close: what a long benchmark
   * prepares once and reuses. A name of letters, digits and underscores.
   */
  public static TestDatabase kept(String name) {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("a database name of lower-case letters, digits and underscores, got " + name);
    }
    onServer(client -> client.query("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").execute()
        .compose(found -> found.size() > 0 ? Future.<Void>succeededFuture()
            : client.query("CREATE DATABASE " + name).execute().mapEmpty()));
    return new TestDatabase(name, false);
  }

  public PgConnectOptions options() {
    return new PgConnectOptions(options);
  }

  public String name() {
    return options.getDatabase();
  }

  /** Runs one SQL statement and returns its rows. */
  public List<Row> query(String sql) {
    return query(sql, Await.DEFAULT_TIMEOUT);
  }

  /** Runs SQL (statements separated by {@code ;} run as one transaction) within {@code timeout}; the first one's rows. */
  public List<Row> query(String sql, Duration timeout) {
    List<Row> rows = new ArrayList<>();
    Await.result(pool.query(sql).execute(), timeout).forEach(rows::add);
    return rows;
  }

  /** Drops every table swapflush creates: the next flusher starts on an empty schema. */
  public void dropSwapflushTables() {
    query("DROP TABLE IF EXISTS swap_events, swap_events_rejected, swap_checkpoints, swap_schema_migrations, "
        + "swap_alerts, swap_instances");
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
    if (!dropOnClose) {
      return;
    }
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
