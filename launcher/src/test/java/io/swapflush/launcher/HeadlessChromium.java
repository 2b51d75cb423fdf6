package io.swapflush.launcher;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's Chromium, headless, with one page open, driven over the DevTools protocol on a WebSocket:
 * evaluate script in the page, take a screenshot. Started with the flags that keep it off the
 * network (this machine's network is closed: background requests would only be refused).
 */
final class HeadlessChromium implements AutoCloseable {

  /** Set by .ci/run after it installs Chromium: then a missing browser fails the test instead of skipping it. */
  static final String CHROMIUM_VARIABLE = "SWAPFLUSH_CHROMIUM";
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, WebSocket.Builder sockets, URI page) {
    this.process = process;
    this.socket = sockets.buildAsync(page, new Replies()).orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** The browser to drive: {@code SWAPFLUSH_CHROMIUM}, else Debian's {@code /usr/bin/chromium} if installed. */
  static Optional<Path> executable() {
    String given = System.getenv(CHROMIUM_VARIABLE);
    Path path = Path.of(given != null && !given.isBlank() ? given : "/usr/bin/chromium");
    return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }

  /** Starts the browser on {@code url}, its profile in {@code profile} (a new empty directory). */
  static HeadlessChromium open(Path executable, String url, Path profile, int width, int height) throws Exception {
    Process process = new ProcessBuilder(List.of(executable.toString(), "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
        "--window-size=" + width + "," + height, "--remote-debugging-port=0", "--remote-allow-origins=*", url))
        .redirectErrorStream(true).redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
        .start();
    try {
      // Chromium writes the port it chose, then the browser's path, into the profile
      Path activePort = profile.resolve("DevToolsActivePort");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(activePort) && Files.readString(activePort).contains("\n"));
      int port = Integer.parseInt(Files.readString(activePort).lines().findFirst().orElseThrow().trim());
      HttpClient http = HttpClient.newHttpClient();
      URI page = await().atMost(Duration.ofSeconds(30)).until(() -> pageSocket(http, port, url), p -> p != null);
      return new HeadlessChromium(process, http.newWebSocketBuilder(), page);
    } catch (Exception | Error e) {
      stop(process);
      throw e;
    }
  }

  private static URI pageSocket(HttpClient http, int port, String url) throws IOException, InterruptedException {
    String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    for (Object target : new JsonArray(list)) {
      JsonObject t = (JsonObject) target;
      if ("page".equals(t.getString("type")) && t.getString("url").startsWith(url)) {
        return URI.create(t.getString("webSocketDebuggerUrl"));
      }
    }
    return null;
  }

  /** The value of a script expression in the page (JSON-serialisable; a promise is awaited). */
  Object evaluate(String expression) {
    JsonObject result = command("Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new AssertionError("script failed in the page: " + result.getJsonObject("exceptionDetails").encode());
    }
    return result.getJsonObject("result").getValue("value");
  }

  /** The page as it is drawn now, as PNG. */
  byte[] screenshot() {
    JsonObject shot = command("Page.captureScreenshot", new JsonObject().put("format", "png"));
    return Base64.getDecoder().decode(shot.getString("data"));
  }

  private JsonObject command(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params).encode(), true);
    JsonObject answer = reply.orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    if (answer.containsKey("error")) {
      throw new AssertionError(method + " failed: " + answer.getJsonObject("error").encode());
    }
    return answer.getJsonObject("result");
  }

  @Override
  public void close() throws InterruptedException {
    socket.abort();
    stop(process);
  }

  /** The browser and its helper processes (renderer, GPU, zygote). */
  private static void stop(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Reassembles messages sent in parts (a screenshot is megabytes) and completes the command they answer. */
  private final class Replies implements WebSocket.Listener {

    private final StringBuilder message = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      message.append(data);
      if (last) {
        JsonObject json = new JsonObject(message.toString());
        message.setLength(0);
        CompletableFuture<JsonObject> reply = json.containsKey("id") ? pending.remove(json.getInteger("id")) : null;
        if (reply != null) {
          reply.complete(json);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failPending(new IllegalStateException("Chromium closed the DevTools connection: " + statusCode + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failPending(error);
    }

    private void failPending(Throwable cause) {
      pending.values().forEach(reply -> reply.completeExceptionally(cause));
      pending.clear();
    }
  }
}
