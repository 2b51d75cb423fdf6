package io.swapflush.launcher;

import io.swapflush.testsupport.TcpProxy;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the end-to-end tests of the jar share: a database of each test's own, reached through a TCP
 * proxy the test can cut, and a config file pointing the service at it.
 */
abstract class ProxiedDatabaseIT {

  @TempDir
  Path dir;
  TestDatabase db;
  TcpProxy proxy;

  @BeforeEach
  void startDatabase() {
    db = TestDatabase.create();
    proxy = TcpProxy.to(db.options());
  }

  @AfterEach
  void stopDatabase() {
    proxy.close();
    db.close();
  }

  /** A config for the service on {@code port}, through the proxy, spilling into the test's directory. */
  JsonObject config(int port, JsonObject flusher, JsonObject processor) {
    return new JsonObject()
        .put("pg", new JsonObject().put("host", "127.0.0.1").put("port", proxy.port()).put("database", db.name())
            .put("user", db.options().getUser()))
        .put("http", new JsonObject().put("port", port))
        .put("flusher", flusher.put("spillDir", dir.resolve("spill").toString()))
        .put("processor", processor);
  }

  Path write(String name, JsonObject config) throws IOException {
    return Files.writeString(dir.resolve(name), config.encodePrettily());
  }

  long rows() {
    return db.count("SELECT count(*) FROM swap_events");
  }
}
