package io.swapflush.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swapflush.launcher.config.ConfigFile;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The main verticle in the test's JVM, on one event loop as the service runs, against a test database. */
final class InProcessService implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final MainVerticle main;

  /** Starts with {@code config}, to which the database and the spill directory are added. */
  InProcessService(TestDatabase db, Path spill, JsonObject config) throws Exception {
    config.put("pg", new JsonObject().put("host", db.options().getHost()).put("port", db.options().getPort())
            .put("user", db.options().getUser()).put("database", db.name()))
        .put("flusher", new JsonObject().put("spillDir", spill.toString()));
    main = new MainVerticle(new ConfigFile(config.encode()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    await(vertx.deployVerticle(main));
  }

  int port() {
    return main.httpPort();
  }

  /** What SIGTERM does first: the processor, then the flusher, stop; the HTTP endpoints stay. */
  void stopPipeline() throws Exception {
    await(main.stopPipeline());
  }

  /** One sample of /metrics, e.g. {@code swap_http_body_in_flight_bytes}; -1 when absent. */
  double metric(String sample) {
    try {
      return ServiceProcess.sample(RawHttpConnection.exchange(port(), "GET", "/metrics", "").body(), sample);
    } catch (IOException e) {
      throw new AssertionError("/metrics does not answer", e);
    }
  }

  @Override
  public void close() throws Exception {
    // in the service's order: the pipeline first, so that the processor's stop finds a flusher
    stopPipeline();
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
