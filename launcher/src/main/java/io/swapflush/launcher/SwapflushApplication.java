package io.swapflush.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swapflush.launcher.config.ConfigFile;
import io.vertx.core.Deployable;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The Vert.x 5 launcher of swapflush: {@code java -jar swapflush.jar -conf conf/config.json}.
 * Adds Micrometer metrics with a Prometheus registry, and on SIGTERM (or SIGINT, SIGHUP) stops the
 * pipeline in order (processor, then flusher with its final drain) while Vert.x still runs, and only
 * then lets the JVM shut down and Vert.x close; exits 0 when that drain was clean, 1 when it was not.
 */
public final class SwapflushApplication extends VertxApplication implements VertxApplicationHooks {

  private static final Logger log = LoggerFactory.getLogger(SwapflushApplication.class);
  // the final drain has its own timeout; this only guards against a stop that never completes
  private static final long STOP_GUARD_MINUTES = 10;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MainVerticle main;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private volatile boolean deployed;
  private volatile boolean pipelineStopped;
  private volatile boolean cleanStop = true;

  private SwapflushApplication(String[] args) {
    super(args);
    this.main = new MainVerticle(new ConfigFile(confArgument(args)), registry, () -> requestStop("the source has ended"));
  }

  public static void main(String[] args) {
    String logFormat = System.getenv("SWAPFLUSH_LOG_FORMAT");
    if (logFormat != null && !List.of("text", "json").contains(logFormat)) {
      System.err.println("SWAPFLUSH_LOG_FORMAT must be text or json, got \"" + logFormat + "\"");
      System.exit(1);
    }
    new SwapflushApplication(args).launch();
  }

  /** The value of {@code -conf}, kept so that a flusher redeploy can read the file again. */
  private static String confArgument(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equalsIgnoreCase("-conf") || arg.equalsIgnoreCase("--conf")) && i + 1 < args.length) {
        return args[i + 1];
      }
      if (arg.toLowerCase().startsWith("-conf=") || arg.toLowerCase().startsWith("--conf=")) {
        return arg.substring(arg.indexOf('=') + 1);
      }
    }
    return null;
  }

  /**
   * One event loop unless {@code -options} or {@code -Dvertx.options.eventLoopPoolSize} say
   * otherwise: processor, flusher and HTTP then share a thread, so a hand-off is a same-thread
   * enqueue instead of a wake-up of another thread (hand-off p99 2–35 µs against 27–106 µs in the
   * benchmark), and one processor cannot use a second loop anyway.
   */
  @Override
  public JsonObject afterVertxOptionsParsed(JsonObject vertxOptions) {
    JsonObject options = vertxOptions == null ? new JsonObject() : vertxOptions;
    if (!options.containsKey("eventLoopPoolSize")) {
      options.put("eventLoopPoolSize", 1);
    }
    return options;
  }

  @Override
  public VertxBuilder createVertxBuilder(VertxOptions options) {
    options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    // swapflush reads no file through Vert.x's classpath resolver (the status page is read once, as a
    // resource); without that resolver, file operations keep working while Vert.x closes, which the
    // final drain's spill file needs
    options.setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
        .setFileCachingEnabled(false));
    return VertxApplicationHooks.super.createVertxBuilder(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  @Override
  public Supplier<? extends Deployable> verticleSupplier() {
    return () -> main;
  }

  /**
   * Takes the termination signals from the JVM's default handler, which would run the shutdown hooks
   * at once: Vert.x would close (holding its lock, refusing deployments) while the pipeline still
   * drains, and a flusher redeploy in progress could neither finish nor be waited for. Here the
   * pipeline stops first, with Vert.x fully working, and the JVM exits after.
   */
  @Override
  public void afterVertxStarted(HookContext context) {
    for (String name : List.of("TERM", "INT", "HUP")) {
      Signal.handle(new Signal(name), signal -> requestStop("SIG" + name + " received"));
    }
  }

  private void requestStop(String why) {
    if (stopRequested.compareAndSet(false, true)) {
      log.info("{}: stopping the pipeline", why);
      // on a thread of its own: not a signal or event-loop thread, and exit() waits for the shutdown hooks
      new Thread(this::stopThenExit, "swapflush-stop").start();
    }
  }

  private void stopThenExit() {
    stopPipeline();
    System.exit(cleanStop ? 0 : 1);
  }

  @Override
  public void afterVerticleDeployed(HookContext context) {
    deployed = true;
  }

  /** Runs while Vert.x closes; after a signal the pipeline has already stopped. */
  @Override
  public void beforeStoppingVertx(HookContext context) {
    if (!pipelineStopped) {
      stopPipeline();
    }
  }

  private void stopPipeline() {
    try {
      main.stopPipeline().toCompletionStage().toCompletableFuture().get(STOP_GUARD_MINUTES, TimeUnit.MINUTES);
    } catch (Exception e) {
      cleanStop = false;
      log.error("Pipeline did not stop cleanly", e);
    } finally {
      pipelineStopped = true;
    }
  }

  @Override
  public void afterVertxStopped(HookContext context) {
    if (!deployed) {
      return; // a failed start keeps the launcher's own exit code
    }
    log.info("Stopped {}", cleanStop ? "cleanly" : "with errors");
    // a JVM ended by SIGTERM exits 143; a service that drained everything reports success instead
    Runtime.getRuntime().halt(cleanStop ? 0 : 1);
  }
}
