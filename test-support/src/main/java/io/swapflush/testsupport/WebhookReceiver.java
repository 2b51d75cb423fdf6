package io.swapflush.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An HTTP endpoint for tests that receives webhooks signed per Standard Webhooks
 * (https://www.standardwebhooks.com/), on a free loopback port, POST on any path. It keeps each
 * request that verifies ({@link #received}, and {@link #unique} as a receiver deduplicating by
 * {@code webhook-id} sees them) and answers 204; one that does not (a header missing, no matching
 * signature, a timestamp over {@link #TOLERANCE} away, a body not a JSON object) is answered 401
 * (400 for the body) and only counted with its reason ({@link #rejected}).
 *
 * <p>A sender's tests make it fail as real endpoints do, switchable at any time: {@link #failWith}
 * a status, {@link #throttle} with Retry-After, {@link #hang}, {@link #closeConnections}, and
 * {@link #stop} listening then {@link #restart} on the same port; {@link #healthy} ends the fault.
 * {@link #attempts} counts every request whatever the mode.
 *
 * <p>Every method is safe to call from any thread but the server's event loop.
 */
public final class WebhookReceiver extends LoopbackServer {

  /** How far a timestamp may be from now, either way: the spec's bound on replaying a captured request. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  /**
   * A verified request: its {@code webhook-id}, {@code webhook-timestamp} (unix seconds), body, path,
   * {@link System#nanoTime} on arrival, and headers (names in lower case, repeated ones joined by ", ").
   */
  public record Delivery(String id, long timestamp, JsonObject body, String path, long receivedAtNanos,
      Map<String, String> headers) {
  }

  private enum Fault { NONE, STATUS, THROTTLE, HANG, CLOSE }

  /** The fault and its number (status, seconds) as one value, so that a request never sees half a switch. */
  private record Mode(Fault fault, int value) {
  }

  private static final Mode HEALTHY = new Mode(Fault.NONE, 0);

  private final WebhookSignature signature;
  private final List<Delivery> received = new CopyOnWriteArrayList<>();
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final AtomicLong attempts = new AtomicLong();
  private volatile Mode mode = HEALTHY;
  /** Not the receiver's monitor: an event loop waiting on it while a test thread stops the server would deadlock. */
  private final Object changes = new Object();

  private WebhookReceiver(Vertx vertx, boolean ownsVertx, String secret) {
    super(vertx, ownsVertx);
    this.signature = new WebhookSignature(secret);
    serve(this::handle);
  }

  /** A receiver verifying with {@code secret} ({@code whsec_<base64 key>}), on a Vert.x instance of its own, closed with it. */
  public static WebhookReceiver start(String secret) {
    new WebhookSignature(secret); // a bad secret fails before a Vert.x instance is made
    return startOnOwnVertx(vertx -> new WebhookReceiver(vertx, true, secret));
  }

  /** A receiver on {@code vertx}, which stays open when the receiver closes. */
  public static WebhookReceiver start(Vertx vertx, String secret) {
    return listen(new WebhookReceiver(vertx, false, secret));
  }

  /** A fresh secret: {@code whsec_} and the base64 of 24 random bytes. */
  public static String newSecret() {
    return WebhookSignature.newSecret();
  }

  /** The {@code webhook-signature} a sender holding {@code secret} sends: {@code v1,<base64 HMAC-SHA256>}. */
  public static String sign(String secret, String id, long timestamp, String body) {
    return new WebhookSignature(secret).sign(id, Long.toString(timestamp), body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #url()} then {@code path}, a slash put between them when it lacks one. */
  public String url(String path) {
    return url() + (path.startsWith("/") ? path : "/" + path);
  }

  /** Every verified request, in the order they arrived; duplicates included. */
  public List<Delivery> received() {
    return List.copyOf(received);
  }

  /** The first verified request of each {@code webhook-id}, in the order they arrived. */
  public List<Delivery> unique() {
    Map<String, Delivery> first = new LinkedHashMap<>();
    received.forEach(delivery -> first.putIfAbsent(delivery.id(), delivery));
    return List.copyOf(first.values());
  }

  /** Why each refused request was refused, in the order they arrived. */
  public List<String> rejected() {
    return List.copyOf(rejected);
  }

  /** Requests that arrived, in any mode. */
  public long attempts() {
    return attempts.get();
  }

  /** {@link #received} once it holds {@code count} deliveries; an {@link AssertionError} after {@code timeout}. */
  public List<Delivery> awaitReceived(int count, Duration timeout) {
    awaitUntil(() -> received.size() >= count, timeout, () -> count + " deliveries, got " + received.size());
    return received();
  }

  /** Returns once {@code count} requests have arrived; an {@link AssertionError} after {@code timeout}. */
  public void awaitAttempts(long count, Duration timeout) {
    awaitUntil(() -> attempts.get() >= count, timeout, () -> count + " attempts, got " + attempts.get());
  }

  /** Every request from now on is answered {@code status} (after its body is read), and not verified. */
  public WebhookReceiver failWith(int status) {
    mode = new Mode(Fault.STATUS, status);
    return this;
  }

  /** Every request from now on is answered 429 with {@code Retry-After: retryAfterSeconds}. */
  public WebhookReceiver throttle(int retryAfterSeconds) {
    mode = new Mode(Fault.THROTTLE, retryAfterSeconds);
    return this;
  }

  /** Every request from now on is read and never answered, its connection left open: a sender's timeout decides. */
  public WebhookReceiver hang() {
    mode = new Mode(Fault.HANG, 0);
    return this;
  }

  /** Every request from now on has its connection closed on arrival, without a response. */
  public WebhookReceiver closeConnections() {
    mode = new Mode(Fault.CLOSE, 0);
    return this;
  }

  /** Verifies and answers again (requests already hanging stay so). */
  public WebhookReceiver healthy() {
    mode = HEALTHY;
    return this;
  }

  /** Stops listening and closes the open connections: a sender meets connection refused until {@link #restart}. */
  public WebhookReceiver stop() {
    stopListening();
    return this;
  }

  /** Listens again on the same port, in the mode it had; when it was listening, its connections are closed first. */
  public WebhookReceiver restart() {
    stopListening();
    listenAgain();
    return this;
  }

  private void handle(HttpServerRequest request) {
    long arrived = System.nanoTime();
    Mode now = mode;
    count(attempts::incrementAndGet);
    switch (now.fault()) {
      case CLOSE -> request.connection().close();
      case HANG -> request.body();
      case STATUS -> request.body().onComplete(read -> request.response().setStatusCode(now.value()).end());
      case THROTTLE -> request.body().onComplete(read -> request.response().setStatusCode(429)
          .putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(now.value())).end());
      case NONE -> request.body().onSuccess(body -> verify(request, body, arrived));
      default -> throw new IllegalStateException("unknown fault " + now);
    }
  }

  private void verify(HttpServerRequest request, Buffer body, long arrived) {
    if (request.method() != HttpMethod.POST) {
      refuse(request, 405, request.method() + " instead of POST");
      return;
    }
    String id = request.getHeader("webhook-id");
    String timestamp = request.getHeader("webhook-timestamp");
    String signatures = request.getHeader("webhook-signature");
    if (id == null || timestamp == null || signatures == null) {
      refuse(request, 401, "missing header: webhook-id " + id + ", webhook-timestamp " + timestamp
          + ", webhook-signature " + signatures);
      return;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      refuse(request, 401, "webhook-timestamp is not unix seconds: " + timestamp);
      return;
    }
    long skew = Instant.now().getEpochSecond() - seconds;
    if (Math.abs(skew) > TOLERANCE.toSeconds()) {
      refuse(request, 401, "webhook-timestamp " + seconds + " is " + skew + " s from now, over " + TOLERANCE);
      return;
    }
    if (!signature.verifies(signatures, id, timestamp, body.getBytes())) {
      refuse(request, 401, "no signature matches for webhook-id " + id + ": " + signatures);
      return;
    }
    Object json;
    try {
      json = body.toJsonValue();
    } catch (DecodeException e) {
      json = null;
    }
    if (!(json instanceof JsonObject object)) {
      String text = body.toString();
      refuse(request, 400, "body is not a JSON object: " + text.substring(0, Math.min(100, text.length())));
      return;
    }
    Delivery delivery = new Delivery(id, seconds, object, request.path(), arrived, headers(request));
    count(() -> received.add(delivery));
    request.response().setStatusCode(204).end();
  }

  private void refuse(HttpServerRequest request, int status, String reason) {
    count(() -> rejected.add(reason));
    request.response().setStatusCode(status).end(reason);
  }

  private static Map<String, String> headers(HttpServerRequest request) {
    Map<String, String> headers = new TreeMap<>();
    request.headers().forEach(header -> headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(),
        (first, next) -> first + ", " + next));
    return Map.copyOf(headers);
  }

  /** Changes what {@link #awaitUntil} waits on, and wakes it. */
  private void count(Runnable change) {
    synchronized (changes) {
      change.run();
      changes.notifyAll();
    }
  }

  private void awaitUntil(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changes) {
      try {
        while (!condition.getAsBoolean()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("expected " + what.get() + " within " + timeout);
          }
          changes.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while awaiting " + what.get(), e);
      }
    }
  }
}
