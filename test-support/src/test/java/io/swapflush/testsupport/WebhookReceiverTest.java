package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The receiver as a sender sees it: over HTTP, signed independently of the receiver's own code. */
class WebhookReceiverTest {

  private static final String SECRET = WebhookReceiver.newSecret();
  private static final String BODY = "{\"type\":\"swap.created\",\"data\":{\"slot\":42}}";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static Vertx vertx;
  private static Context context;
  private static HttpClient client;

  @RegisterExtension
  final WebhookReceiver receiver = WebhookReceiver.start(SECRET);

  @BeforeAll
  static void sender() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    // a connection per request: a pooled one would outlive stop() and blur connection refused
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterAll
  static void closeSender() {
    Await.result(vertx.close());
  }

  @Test
  void aSignedPostIs204AndRecorded() {
    long now = now();

    Reply reply = send("/hooks/swaps", "msg_1", now, BODY, hmac(SECRET, "msg_1", now, BODY));

    assertEquals(204, reply.status());
    List<WebhookReceiver.Delivery> received = receiver.received();
    assertEquals(1, received.size());
    WebhookReceiver.Delivery delivery = received.get(0);
    assertEquals("msg_1", delivery.id());
    assertEquals(now, delivery.timestamp());
    assertEquals(new JsonObject(BODY), delivery.body());
    assertEquals("/hooks/swaps", delivery.path());
    assertEquals("msg_1", delivery.headers().get("webhook-id"));
    assertEquals(List.of(), receiver.rejected());
    assertEquals(1, receiver.attempts());
  }

  @Test
  void signMatchesTheSpecsExample() {
    // the example of the Standard Webhooks spec
    assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookReceiver.sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    assertEquals(hmac(SECRET, "msg_2", 1700000000, BODY), WebhookReceiver.sign(SECRET, "msg_2", 1700000000, BODY));
  }

  @Test
  void aNewSecretIs24RandomBytes() {
    String secret = WebhookReceiver.newSecret();

    assertTrue(secret.startsWith("whsec_"), secret);
    assertEquals(24, Base64.getDecoder().decode(secret.substring("whsec_".length())).length);
    assertTrue(!secret.equals(WebhookReceiver.newSecret()));
    assertThrows(IllegalArgumentException.class, () -> WebhookReceiver.start("not-a-secret"));
  }

  @Test
  void aWrongSignatureIs401AndNotRecorded() {
    long now = now();

    assertEquals(401, send("/", "msg_1", now, BODY, hmac(WebhookReceiver.newSecret(), "msg_1", now, BODY)).status());
    assertEquals(401, send("/", "msg_1", now, BODY.replace("42", "43"), hmac(SECRET, "msg_1", now, BODY)).status(),
        "a body changed after signing");
    assertEquals(401, send("/", "msg_1", now, BODY, "v1,not-base64!").status());

    assertEquals(List.of(), receiver.received());
    assertEquals(3, receiver.rejected().size());
  }

  @Test
  void oneMatchingSignatureAmongSeveralIsEnough() {
    long now = now();
    String rotating = hmac(WebhookReceiver.newSecret(), "msg_1", now, BODY) + " " + hmac(SECRET, "msg_1", now, BODY);

    assertEquals(204, send("/", "msg_1", now, BODY, rotating).status());
  }

  @Test
  void missingHeadersAre401AndNotRecorded() {
    long now = now();
    String signature = hmac(SECRET, "msg_1", now, BODY);

    assertEquals(401, send("/", null, now, BODY, signature).status());
    assertEquals(401, send("/", "msg_1", null, BODY, signature).status());
    assertEquals(401, send("/", "msg_1", now, BODY, null).status());

    assertEquals(List.of(), receiver.received());
    assertEquals(3, receiver.rejected().size());
    assertTrue(receiver.rejected().get(0).startsWith("missing header"), receiver.rejected().get(0));
  }

  @Test
  void aTimestampTenMinutesOldIs401EvenSignedRight() {
    long old = now() - Duration.ofMinutes(10).toSeconds();

    Reply reply = send("/", "msg_1", old, BODY, hmac(SECRET, "msg_1", old, BODY));

    assertEquals(401, reply.status());
    assertEquals(List.of(), receiver.received());
    assertTrue(receiver.rejected().get(0).contains("over PT5M"), receiver.rejected().get(0));
  }

  @Test
  void aSignedBodyThatIsNotJsonIs400() {
    long now = now();

    assertEquals(400, send("/", "msg_1", now, "not json", hmac(SECRET, "msg_1", now, "not json")).status());
    assertEquals(List.of(), receiver.received());
    assertEquals(1, receiver.rejected().size());
  }

  @Test
  void aDuplicateIdIsReceivedTwiceAndUniqueOnce() {
    long now = now();
    String other = "{\"type\":\"other\"}";

    send("/", "msg_1", now, BODY, hmac(SECRET, "msg_1", now, BODY));
    send("/", "msg_2", now, other, hmac(SECRET, "msg_2", now, other));
    send("/", "msg_1", now, BODY, hmac(SECRET, "msg_1", now, BODY));

    assertEquals(List.of("msg_1", "msg_2", "msg_1"), receiver.received().stream().map(WebhookReceiver.Delivery::id).toList());
    assertEquals(List.of("msg_1", "msg_2"), receiver.unique().stream().map(WebhookReceiver.Delivery::id).toList());
    assertTrue(receiver.received().get(0).receivedAtNanos() < receiver.received().get(2).receivedAtNanos());
  }

  @Test
  void failWithAnswersTheStatusUntilHealthy() {
    receiver.failWith(500);

    assertEquals(500, sendSigned("msg_1").status());
    assertEquals(500, sendSigned("msg_1").status());
    assertEquals(List.of(), receiver.received());

    receiver.healthy();
    assertEquals(204, sendSigned("msg_1").status());
    assertEquals(3, receiver.attempts());
    assertEquals(1, receiver.received().size());
  }

  @Test
  void throttleAnswers429WithRetryAfter() {
    receiver.throttle(7);

    Reply reply = sendSigned("msg_1");

    assertEquals(429, reply.status());
    assertEquals("7", reply.headers().get(HttpHeaders.RETRY_AFTER));
    assertEquals(List.of(), receiver.received());
  }

  @Test
  void hangLeavesTheSenderToItsTimeout() {
    receiver.hang();

    Throwable failure = Await.failure(post("/", signedHeaders("msg_1"), BODY, Duration.ofMillis(300)));

    assertInstanceOf(TimeoutException.class, failure, "the sender times out: " + failure);
    receiver.awaitAttempts(1, TIMEOUT);
    assertEquals(List.of(), receiver.received());
    receiver.healthy();
    assertEquals(204, sendSigned("msg_1").status());
  }

  @Test
  void closeConnectionsClosesWithoutAResponse() {
    receiver.closeConnections();

    Throwable failure = Await.failure(post("/", signedHeaders("msg_1"), BODY, TIMEOUT));

    assertInstanceOf(HttpClosedException.class, failure, "the sender sees the connection closed: " + failure);
    assertEquals(1, receiver.attempts());
    assertEquals(List.of(), receiver.received());
  }

  @Test
  void stopRefusesConnectionsAndRestartListensOnTheSamePort() {
    int port = receiver.port();
    receiver.hang();
    Future<Reply> hanging = post("/", signedHeaders("msg_1"), BODY, TIMEOUT);
    receiver.awaitAttempts(1, TIMEOUT);
    receiver.stop().healthy();

    assertInstanceOf(HttpClosedException.class, Await.failure(hanging), "stop closes the open connections");
    Throwable failure = Await.failure(post("/", signedHeaders("msg_1"), BODY, TIMEOUT));
    assertInstanceOf(ConnectException.class, failure, "connection refused: " + failure);
    assertEquals(1, receiver.attempts());

    receiver.restart();
    assertEquals(port, receiver.port());
    assertEquals(204, sendSigned("msg_1").status());
    assertEquals(1, receiver.awaitReceived(1, TIMEOUT).size());
    receiver.restart();
    assertEquals(204, sendSigned("msg_2").status(), "a restart while listening listens again");
  }

  @Test
  void aReceiverOnATestsVertxLeavesItOpenAndClosesAfterStop() {
    WebhookReceiver own = WebhookReceiver.start(vertx, SECRET);
    own.stop();
    own.close();

    assertEquals(204, sendSigned("msg_1").status(), "the sender's Vert.x still runs");
  }

  /** The status, headers and body text of a response. */
  record Reply(int status, MultiMap headers, String body) {
  }

  private Reply sendSigned(String id) {
    return Await.result(post("/", signedHeaders(id), BODY, TIMEOUT));
  }

  private static MultiMap signedHeaders(String id) {
    long now = now();
    return headers(id, now, hmac(SECRET, id, now, BODY));
  }

  /** A POST with the Standard Webhooks headers given (those null left out), awaited. */
  private Reply send(String path, String id, Long timestamp, String body, String signature) {
    return Await.result(post(path, headers(id, timestamp, signature), body, TIMEOUT));
  }

  private static MultiMap headers(String id, Long timestamp, String signature) {
    MultiMap headers = HttpHeaders.headers().add(HttpHeaders.CONTENT_TYPE, "application/json");
    if (id != null) {
      headers.add("webhook-id", id);
    }
    if (timestamp != null) {
      headers.add("webhook-timestamp", timestamp.toString());
    }
    if (signature != null) {
      headers.add("webhook-signature", signature);
    }
    return headers;
  }

  /**
   * On the client's context, body() asked for in send()'s callback: from the test's thread the body
   * could arrive before its handler is set (as in {@link RpcClient}).
   */
  private Future<Reply> post(String path, MultiMap headers, String body, Duration idleTimeout) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(receiver.port()).setURI(path).setHeaders(headers).setIdleTimeout(idleTimeout.toMillis());
    return Future.future(reply -> context.runOnContext(v -> client.request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body()
            .map(buffer -> new Reply(response.statusCode(), response.headers(), buffer.toString())))
        .onComplete(reply)));
  }

  /** What a sender signs, computed here apart from the receiver's code. */
  private static String hmac(String secret, String id, long timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      byte[] signed = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signed);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
