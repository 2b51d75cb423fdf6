package io.swapflush.testsupport;

import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server tests run against, found in this order: the libpq variables
 * ({@code PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD}) or the system property
 * {@code swapflush.test.pg} ({@code host:port}), a server answering on localhost:5432, a
 * Testcontainers container when a Docker engine is available. Never a fake.
 */
public final class PostgresServer {

  private static PgConnectOptions server;

  private PostgresServer() {
  }

  /** Options that reach the server's maintenance database as a user that may create databases. */
  public static synchronized PgConnectOptions options() {
    if (server == null) {
      server = locate();
    }
    return new PgConnectOptions(server);
  }

  private static PgConnectOptions locate() {
    Map<String, String> env = System.getenv();
    String property = System.getProperty("swapflush.test.pg");
    if (property != null) {
      String[] hostPort = property.split(":", 2);
      return base(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 5432);
    }
    if (env.containsKey("PGHOST") || env.containsKey("PGPORT")) {
      PgConnectOptions options = base(env.getOrDefault("PGHOST", "127.0.0.1"),
          Integer.parseInt(env.getOrDefault("PGPORT", "5432")));
      options.setDatabase(env.getOrDefault("PGDATABASE", options.getDatabase()));
      options.setUser(env.getOrDefault("PGUSER", options.getUser()));
      options.setPassword(env.getOrDefault("PGPASSWORD", options.getPassword()));
      return options;
    }
    if (answers("127.0.0.1", 5432)) {
      return base("127.0.0.1", 5432);
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
      return base(container.getHost(), container.getFirstMappedPort())
          .setDatabase(container.getDatabaseName())
          .setUser(container.getUsername())
          .setPassword(container.getPassword());
    }
    throw new IllegalStateException("No PostgreSQL for the tests: set PGHOST/PGPORT (and PGUSER, PGPASSWORD) "
        + "or -Dswapflush.test.pg=host:port, start one on localhost:5432 "
        + "(pg_ctlcluster --skip-systemctl-redirect 15 main start), or provide a Docker engine for Testcontainers");
  }

  private static PgConnectOptions base(String host, int port) {
    return new PgConnectOptions().setHost(host).setPort(port).setDatabase("postgres").setUser("postgres");
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
