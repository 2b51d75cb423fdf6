package io.swapflush.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged service, {@code java -jar launcher/target/swapflush.jar -conf FILE}, as a process of
 * its own (as launcher's ServiceProcess starts it in the end-to-end tests): its log in a file, its
 * CPU time read from {@code /proc}, SIGKILL like a crash.
 */
final class ServiceInstance implements AutoCloseable {

  /** The jar the benchmark command builds first; {@code -Dswapflush.jar} names another. */
  static final String JAR = System.getProperty("swapflush.jar", "launcher/target/swapflush.jar");

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern ASSIGNED = Pattern.compile("Partitions assigned: \\[(.*)]");
  private static final Pattern PARTITION = Pattern.compile("partition=(\\d+)");

  private final Process process;
  private final Path log;
  private final int port;

  private ServiceInstance(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts an instance with {@code config}, its {@code http.port} set to a free port. */
  static ServiceInstance start(Path dir, String name, JsonObject config) {
    try {
      int port = freePort();
      Path file = Files.writeString(dir.resolve(name + ".json"), config.copy()
          .put("http", new JsonObject().put("port", port)).encodePrettily());
      Path log = dir.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-jar", JAR, "-conf", file.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
      List.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD").forEach(builder.environment()::remove);
      return new ServiceInstance(builder.start(), log, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The configuration every instance of a row shares: the database, a spill directory, a source. */
  static JsonObject config(io.vertx.pgclient.PgConnectOptions db, Path spill, JsonObject processor) {
    return new JsonObject()
        .put("pg", new JsonObject().put("host", db.getHost()).put("port", db.getPort()).put("database",
            db.getDatabase()).put("user", db.getUser()))
        .put("flusher", new JsonObject().put("spillDir", spill.toString()))
        .put("processor", processor);
  }

  long pid() {
    return process.pid();
  }

  /** utime + stime of the process so far; NaN once it has exited. */
  double cpuSeconds() {
    return Cpu.processSeconds(process.pid());
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** GET on the service; null while it does not answer. */
  String get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url(path)))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code source.role} of /health: leader, standby, connecting; null before the processor is deployed. */
  String role() {
    String health = get("/health");
    try {
      JsonObject source = health == null ? null : new JsonObject(health).getJsonObject("source");
      return source == null ? null : source.getString("role");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The partitions the log says the instance was last assigned. */
  List<Integer> assigned() {
    Matcher lines = ASSIGNED.matcher(output());
    String last = "";
    while (lines.find()) {
      last = lines.group(1);
    }
    List<Integer> partitions = new ArrayList<>();
    Matcher partition = PARTITION.matcher(last);
    while (partition.find()) {
      partitions.add(Integer.parseInt(partition.group(1)));
    }
    return partitions;
  }

  /** Fails with the log when the process has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException("swapflush exited with " + process.exitValue() + "; log:\n" + output());
    }
  }

  /** SIGKILL: no shutdown hook, no drain, like a crash. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    kill();
  }

  /** Removes a directory of instances' configurations, logs and spill files. */
  static void deleteDirectory(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
