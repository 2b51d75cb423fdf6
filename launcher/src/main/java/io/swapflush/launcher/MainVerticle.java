package io.swapflush.launcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swapflush.alerts.AlertDeliveryVerticle;
import io.swapflush.event.Addresses;
import io.swapflush.flusher.EventRetention;
import io.swapflush.flusher.FlusherVerticle;
import io.swapflush.launcher.config.ConfigFile;
import io.swapflush.launcher.config.SwapflushConfig;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.processor.SourceGate;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.swapflush.launcher.config.ConfigException;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnection;
import io.vertx.core.net.NetClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application: validates the configuration, opens the HTTP endpoints (so a port in use stops
 * the start before anything runs, and /health answers while the database is not reachable), then
 * deploys the flusher and the processor, neither of which waits for the database.
 * {@link #stopPipeline()} stops them in the opposite order, so the processor's last messages still
 * reach a running flusher.
 */
public final class MainVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(MainVerticle.class);
  private static final long CONNECT_CHECK_MS = 5000;

  private final ConfigFile configFile;
  private final PrometheusMeterRegistry registry;
  private final Runnable onSourceFinished;

  private SwapflushConfig config;
  private String flusherId;
  private String processorId;
  private String alertsId;
  private Pool healthPool;
  private Pool streamPool;
  private AlertStream alertStream;
  private Pool retentionPool;
  private EventRetention retention;
  private HttpServer server;
  /** Redeploys and the final stop run one after another, never interleaved. */
  private Future<?> lifecycleOps = Future.succeededFuture();
  /** Set once the final stop is asked for: no redeploy starts after it. */
  private volatile boolean stopping;

  /** {@code onSourceFinished}: what to do once a source that ends (a backfill) is read and durable. */
  public MainVerticle(ConfigFile configFile, PrometheusMeterRegistry registry, Runnable onSourceFinished) {
    this.configFile = configFile;
    this.registry = registry;
    this.onSourceFinished = onSourceFinished;
  }

  public MainVerticle(ConfigFile configFile, PrometheusMeterRegistry registry) {
    this(configFile, registry, () -> log.info("The source has ended; the service stays up"));
  }

  /** For the launcher's {@code Main-Verticle} manifest entry: default config, a registry of its own. */
  public MainVerticle() {
    this(ConfigFile.NONE, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @Override
  public Future<?> start() {
    return configFile.load(vertx)
        .onFailure(e -> log.error("Invalid configuration: {}", e.getMessage()))
        .compose(loaded -> {
          config = loaded;
          log.info("Starting: database {}:{}/{} as {}, source {}, http {}:{}", config.pg().getHost(),
              config.pg().getPort(), config.pg().getDatabase(), config.pg().getUser(), config.processor().source(),
              config.http().host(), config.http().port());
          return startHttp();
        })
        .compose(server -> vertx.eventBus().consumer(Addresses.SOURCE_FINISHED, message -> onSourceFinished.run())
            .completion())
        .compose(v -> deployFlusher())
        .map(id -> {
          startRetention();
          return id;
        })
        // before the processor: its first alert has somewhere to go
        .compose(id -> vertx.deployVerticle(new AlertDeliveryVerticle(config.alerts(), config.pg(), registry)))
        .compose(id -> {
          alertsId = id;
          return vertx.deployVerticle(new ProcessorVerticle(config.processor(), registry,
            config.standby() && config.processor().source().singleReader() ? new AdvisoryLockGate(config.pg())
                : SourceGate.ALONE));
        })
        .map(id -> {
          processorId = id;
          registerCheckpointLag();
          return null;
        });
  }

  /**
   * Drops partitions past {@code storage.retentionDays}, on a connection of its own: a detach waits for
   * the transactions before it, and must not hold up the health check's.
   */
  private void startRetention() {
    if (config.retentionDays() > 0) {
      retentionPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("swapflush-retention"))
          .connectingTo(config.pg()).using(vertx).build();
      retention = new EventRetention(vertx, retentionPool, config.retentionDays(), registry);
      retention.start();
    }
  }

  /** How far the checkpoint trails the newest line read: what a crash would make the source read again. */
  private void registerCheckpointLag() {
    String source = config.processor().source().sourceId();
    if (source != null) {
      Gauge.builder("swap.checkpoint.lag", registry, r -> gaugeValue(r, "swap.source.position", source)
              - gaugeValue(r, "swap.checkpoint.position", source))
          .description("Newest source position read minus the committed checkpoint").tag("source", source)
          .register(registry);
    }
  }

  private static double gaugeValue(PrometheusMeterRegistry registry, String name, String source) {
    Gauge gauge = registry.find(name).tag("source", source).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  private Future<String> deployFlusher() {
    return vertx.deployVerticle(new FlusherVerticle(config.flusher(), config.pg(),
            new PoolOptions().setMaxSize(config.poolSize()).setName("swapflush-flusher"), registry))
        .map(id -> {
          flusherId = id;
          return id;
        });
  }

  /**
   * Re-reads the config file and replaces the flusher: the old one drains (or spills) first, while
   * the processor keeps running and holds what it sends meanwhile. A config that is invalid or whose
   * database cannot be reached leaves the old flusher in place; a new flusher that fails to start is
   * replaced by one with the previous settings, so there always is a flusher.
   */
  public Future<String> redeployFlusher() {
    if (stopping) {
      return Future.failedFuture(new StoppingException());
    }
    return serialized(() -> stopping ? Future.<String>failedFuture(new StoppingException()) : configFile.load(vertx)
        .compose(loaded -> canConnect(loaded).map(loaded))
        .compose(loaded -> {
          log.info("Redeploying the flusher with {}", loaded.flusher());
          Future<Void> undeployed = flusherId == null ? Future.succeededFuture() : vertx.undeploy(flusherId);
          SwapflushConfig previous = config;
          return undeployed.compose(v -> {
            flusherId = null;
            config = config.withFlusherOf(loaded);
            return deployFlusher().recover(e -> {
              log.error("The new flusher did not start ({}); starting one with the previous settings", e.getMessage());
              config = previous;
              return deployFlusher().compose(id -> Future.failedFuture(e));
            });
          });
        })
        .andThen(ar -> {
          if (ar.succeeded()) {
            log.info("Flusher redeployed: {}", ar.result());
          } else {
            log.error("Flusher redeploy failed: {}", ar.cause().getMessage());
          }
        }));
  }

  /** A connection with the new settings, tried before the running flusher is removed. */
  private Future<Void> canConnect(SwapflushConfig loaded) {
    return PgConnection.connect(vertx, loaded.pg())
        .compose(conn -> conn.query("SELECT 1").execute().eventually(conn::close))
        .timeout(CONNECT_CHECK_MS, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(e -> Future.failedFuture(new ConfigException("cannot connect to database " + loaded.pg().getDatabase()
            + " at " + loaded.pg().getHost() + ":" + loaded.pg().getPort() + " with the new settings ("
            + e.getMessage() + "); the running flusher is kept")));
  }

  private <T> Future<T> serialized(Supplier<Future<T>> operation) {
    Future<T> result = lifecycleOps.transform(ar -> operation.get());
    lifecycleOps = result;
    return result;
  }

  private Future<HttpServer> startHttp() {
    healthPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("swapflush-health"))
        .with(new NetClientOptions().setConnectTimeout(2000)).connectingTo(config.pg()).using(vertx).build();
    HealthCheck health = new HealthCheck(vertx, healthPool, config.health());
    AdminAccess admin = AdminAccess.of(config.http().host(), System.getenv("SWAPFLUSH_ADMIN_TOKEN"));
    if (!admin.enabled()) {
      log.warn("Admin routes disabled: http.host {} is not loopback and SWAPFLUSH_ADMIN_TOKEN is not set",
          config.http().host());
    }
    // the live stream resumes from the database on a connection of its own, apart from health's
    streamPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setName("swapflush-alert-stream"))
        .with(new NetClientOptions().setConnectTimeout(2000)).connectingTo(config.pg()).using(vertx).build();
    alertStream = new AlertStream(vertx, streamPool, config.alerts().streamKept(), registry);
    HttpEndpoints endpoints = new HttpEndpoints(vertx, registry,
        () -> health.check(isDeployed(flusherId), isDeployed(processorId), isDeployed(alertsId), stopping),
        () -> config, admin, this::redeployFlusher, alertStream);
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
            .setIdleTimeout(config.http().idleTimeoutSeconds()))
        .requestHandler(endpoints.router())
        .listen()
        .recover(e -> Future.failedFuture("cannot listen on " + config.http().host() + ":" + config.http().port()
            + " (http.host, http.port): " + e.getMessage()))
        .map(s -> {
          server = s;
          log.info("Listening on http://{}:{}", config.http().host(), s.actualPort());
          return s;
        });
  }

  private boolean isDeployed(String deploymentId) {
    return deploymentId != null && vertx.deploymentIDs().contains(deploymentId);
  }

  /**
   * Stops the processor (no more input, its outbox handed over), then the flusher (final drain),
   * then the alert delivery.
   * Called before Vert.x closes, which would otherwise undeploy both at once.
   */
  public Future<Void> stopPipeline() {
    stopping = true;
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> serialized(() -> {
      Future<Void> processorStopped = processorId == null ? Future.succeededFuture() : vertx.undeploy(processorId);
      // the flusher stops whatever became of the processor, and either failure fails the stop
      return processorStopped.transform(processor -> {
        processorId = null;
        Future<Void> flusherStopped = flusherId == null ? Future.succeededFuture() : vertx.undeploy(flusherId);
        // the alert delivery last: every alert is stored by then, and what is left is marked for the next one
        return flusherStopped.andThen(ar -> flusherId = null)
            .transform(flusher -> (alertsId == null ? Future.<Void>succeededFuture() : vertx.undeploy(alertsId))
                .andThen(ar -> alertsId = null)
                .compose(ok -> flusher.succeeded() ? Future.<Void>succeededFuture() : Future.failedFuture(flusher.cause())))
            .compose(ok -> processor.succeeded() ? Future.<Void>succeededFuture() : Future.failedFuture(processor.cause()));
      });
    }).onComplete(stopped));
    return stopped.future();
  }

  /** The port the HTTP endpoints listen on (useful when configured as 0). */
  public int httpPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    if (retention != null) {
      retention.stop();
    }
    return Future.join(server == null ? Future.succeededFuture() : server.close(),
        alertStream == null ? Future.succeededFuture() : alertStream.close(),
        healthPool == null ? Future.succeededFuture() : healthPool.close(),
        streamPool == null ? Future.succeededFuture() : streamPool.close(),
        retentionPool == null ? Future.succeededFuture() : retentionPool.close());
  }
}
