package io.swapflush.launcher;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;

/** The packaged swapflush.jar, started as a real process, as a user would run it. */
final class ServiceProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final int port;

  private ServiceProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code java -jar swapflush.jar -conf CONFIG}; the config's {@code http.port} should be {@code port}. */
  static ServiceProcess start(Path config, int port) throws IOException {
    return start(config, port, Map.of());
  }

  static ServiceProcess start(Path config, int port, Map<String, String> extraEnv) throws IOException {
    String jar = System.getProperty("swapflush.jar", "target/swapflush.jar");
    Path log = Files.createTempFile("swapflush-", ".log");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "-conf", config.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    List.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "SWAPFLUSH_ADMIN_TOKEN").forEach(env::remove);
    env.putAll(extraEnv);
    return new ServiceProcess(builder.start(), log, port);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** GET on the service; null while it does not answer. */
  String get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POST on the service; returns the status code and body. */
  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits until /health answers 200; fails with the log otherwise. */
  void awaitHealthy(Duration timeout) {
    awaitAsserted(timeout, () -> {
      String health = get("/health");
      if (health == null || !health.contains("\"healthy\":true")) {
        throw new AssertionError("swapflush not healthy: " + health);
      }
    });
  }

  /**
   * Waits until {@code assertions} pass, polled every 50 ms; when they still fail at {@code timeout},
   * fails with their last failure and the service's log.
   */
  void awaitAsserted(Duration timeout, ThrowingRunnable assertions) {
    awaitAsserted(timeout, Duration.ofMillis(50), assertions);
  }

  /** {@link #awaitAsserted(Duration, ThrowingRunnable)}, polled every {@code pollInterval}. */
  void awaitAsserted(Duration timeout, Duration pollInterval, ThrowingRunnable assertions) {
    try {
      await().atMost(timeout).pollInterval(pollInterval).untilAsserted(assertions);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "; log:\n" + output(), e);
    }
  }

  /** The value of one sample line of /metrics, e.g. {@code swap_tx_processed_total}; -1 when absent. */
  double metric(String sample) {
    String body = get("/metrics");
    return body == null ? -1 : sample(body, sample);
  }

  /** The value of one sample line in a Prometheus scrape; -1 when absent. */
  static double sample(String scrape, String sample) {
    return scrape.lines().filter(l -> l.startsWith(sample + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
        .findFirst().orElse(-1);
  }

  /** Sends SIGTERM and waits for the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return waitFor(timeout);
  }

  /** SIGKILL: no shutdown hook, no drain, like a crash. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Sends {@code signal} ({@code STOP}, {@code CONT}, …) to the process, as {@code kill -SIGNAL} does. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The source's role in /health ({@code leader}, {@code standby}, …); null before the processor is deployed. */
  String role() {
    String health = get("/health");
    JsonObject source = health == null ? null : new JsonObject(health).getJsonObject("source");
    return source == null ? null : source.getString("role");
  }

  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("swapflush did not exit within " + timeout + "; log:\n" + output());
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(log);
  }
}
