package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each way the server misbehaves, as HTTP clients see it, and the good answer after it. */
class RpcFaultTest extends ServerPerTest {

  private static final JsonObject CONFIG = new JsonObject().put("encoding", "json").put("rewards", false)
      .put("maxSupportedTransactionVersion", 0);

  @BeforeEach
  void chain() {
    server.addBlocks(new ChainBuilder(100, new Random(7)).next(10)).setHead(109);
  }

  @Test
  void anRpcErrorForTheNextCallsOfOneMethodOnly() {
    server.misbehave("getSlot", 2, RpcFault.error(RpcError.nodeUnhealthy(42)));

    assertEquals(new JsonArray(List.of(100, 101)), rpc.result("getBlocks", 100, 101), "another method is unaffected");
    JsonObject error = rpc.error("getSlot");
    assertEquals(-32005, error.getInteger("code"));
    assertEquals("Node is behind by 42 slots", error.getString("message"));
    assertEquals(42, error.getJsonObject("data").getInteger("numSlotsBehind"));
    assertEquals(-32005, rpc.error("getSlot").getInteger("code"));
    assertEquals(109, rpc.result("getSlot"));
  }

  @Test
  void tooManyRequestsWithRetryAfter() {
    server.misbehave(SolanaRpcServer.ANY_METHOD, RpcFault.tooManyRequests(3));

    RpcClient.Reply reply = Await.result(rpc.post(rpc.request("getBlock", 105, CONFIG)));

    assertEquals(429, reply.status());
    assertEquals("3", reply.headers().get("Retry-After"));
    assertEquals(105, ((JsonObject) rpc.result("getBlock", 105, CONFIG)).getInteger("parentSlot") + 1);
  }

  @Test
  void aGatewayError() {
    server.misbehave("getBlocks", RpcFault.httpStatus(503));

    RpcClient.Reply reply = Await.result(rpc.post(rpc.request("getBlocks", 100)));

    assertEquals(503, reply.status());
    assertEquals("Service Unavailable", reply.body().toString());
    assertEquals(10, ((JsonArray) rpc.result("getBlocks", 100)).size());
  }

  @Test
  void aDelayedAnswerIsTheTrueAnswerLate() {
    Duration delay = Duration.ofMillis(300);
    server.misbehave("getSlot", RpcFault.delay(delay));

    long start = System.nanoTime();
    assertEquals(109, rpc.result("getSlot"));

    assertTrue(System.nanoTime() - start >= delay.toNanos(), "answered after the delay");
  }

  @Test
  void aTricklingAnswerIsTheTrueAnswerAFewBytesAtATime() {
    Duration every = Duration.ofMillis(100);
    server.misbehave("getSlot", RpcFault.trickle(10, every));

    long start = System.nanoTime();
    RpcClient.Reply reply = Await.result(rpc.post(rpc.request("getSlot")));

    assertEquals(109, reply.json().getValue("result"));
    int pauses = (reply.body().length() - 1) / 10;
    assertTrue(pauses >= 3, "an answer of several chunks: " + reply.body());
    assertTrue(System.nanoTime() - start >= pauses * every.toNanos(), "a pause after each chunk but the last");
  }

  @Test
  void aFaultForHeaderOnlyGetBlockCallsLeavesTheFullOnesAlone() {
    JsonObject headerOnly = CONFIG.copy().put("transactionDetails", "none");
    server.misbehave(SolanaRpcServer.GET_BLOCK_HEADER_ONLY, 2, RpcFault.error(RpcError.nodeUnhealthy(7)));

    assertEquals(105, ((JsonObject) rpc.result("getBlock", 105, CONFIG.copy().put("transactionDetails", "full")))
        .getInteger("parentSlot") + 1, "a full getBlock does not meet the header-only fault");
    server.misbehave("getBlock", RpcFault.httpStatus(502));
    assertEquals(-32005, rpc.error("getBlock", 105, headerOnly).getInteger("code"));
    assertEquals(-32005, rpc.error("getBlock", 105, headerOnly).getInteger("code"));
    assertEquals(502, Await.result(rpc.post(rpc.request("getBlock", 105, headerOnly))).status(),
        "once its own are used up, a header-only call meets getBlock's faults");
    assertEquals(105, ((JsonObject) rpc.result("getBlock", 105, headerOnly)).getInteger("parentSlot") + 1);

    assertEquals(5, server.requests("getBlock"));
    assertEquals(4, server.requests(SolanaRpcServer.GET_BLOCK_HEADER_ONLY));
  }

  @Test
  void aConnectionCutMidBodyFailsTheClient() {
    server.misbehave("getBlock", RpcFault.cutMidBody());

    Throwable failure = Await.failure(rpc.post(rpc.request("getBlock", 103, CONFIG)));

    assertTrue(failure instanceof HttpClosedException, "the client sees the connection closed: " + failure);
    assertTrue(server.bytesSent() > 0, "part of the body was sent");
    assertEquals(103, ((JsonObject) rpc.result("getBlock", 104, CONFIG)).getInteger("parentSlot"));
  }

  @Test
  void aConnectionCutMidBodyFailsJavaNetHttpToo() {
    server.misbehave("getBlock", RpcFault.cutMidBody());
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.url()))
        .POST(HttpRequest.BodyPublishers.ofString(rpc.request("getBlock", 103, CONFIG))).build();

    assertThrows(IOException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
    assertEquals(200, Await.result(rpc.post(rpc.request("getBlock", 103, CONFIG))).status());
  }

  @Test
  void aTruncatedBodyIsCompleteHttpButNotJson() {
    server.misbehave("getBlock", RpcFault.truncatedBody());

    RpcClient.Reply reply = Await.result(rpc.post(rpc.request("getBlock", 103, CONFIG)));

    assertEquals(200, reply.status());
    assertEquals(Integer.toString(reply.body().length()), reply.headers().get("Content-Length"));
    assertTrue(reply.body().toString().startsWith("{\"jsonrpc\":\"2.0\",\"result\":{"));
    assertThrows(DecodeException.class, reply::json);
  }

  @Test
  void aBodyThatIsNotJson() {
    server.misbehave("getSlot", RpcFault.notJson());

    RpcClient.Reply reply = Await.result(rpc.post(rpc.request("getSlot")));

    assertEquals(200, reply.status());
    assertTrue(reply.headers().get("Content-Type").startsWith("text/html"));
    assertThrows(DecodeException.class, reply::json);
  }

  @Test
  void aResultOfTheWrongShape() {
    server.misbehave("getBlock", RpcFault.wrongResultShape());

    assertEquals("unexpected", rpc.result("getBlock", 103, CONFIG));
    assertTrue(rpc.result("getBlock", 103, CONFIG) instanceof JsonObject);
  }

  @Test
  void inABatchAPerCallFaultChangesOneAnswerAnHttpFaultTheWholeResponse() {
    server.misbehave("getSlot", RpcFault.error(new RpcError(-32000, "boom")));
    String batch = new JsonArray().add(new JsonObject(rpc.request("getSlot"))).add(new JsonObject(rpc.request("getSlot")))
        .encode();

    JsonArray answers = Await.result(rpc.post(batch)).body().toJsonArray();

    assertEquals("boom", answers.getJsonObject(0).getJsonObject("error").getString("message"));
    assertEquals(109, answers.getJsonObject(1).getValue("result"));

    server.misbehave("getBlocks", RpcFault.httpStatus(502));
    batch = new JsonArray().add(new JsonObject(rpc.request("getSlot"))).add(new JsonObject(rpc.request("getBlocks", 100)))
        .encode();
    assertEquals(502, Await.result(rpc.post(batch)).status());
  }

  @Test
  void faultsComeInTheOrderGivenAndBehaveDropsThem() {
    server.misbehave("getSlot", RpcFault.httpStatus(500)).misbehave("getSlot", RpcFault.tooManyRequests(1));

    assertEquals(500, Await.result(rpc.post(rpc.request("getSlot"))).status());
    assertEquals(429, Await.result(rpc.post(rpc.request("getSlot"))).status());
    assertEquals(200, Await.result(rpc.post(rpc.request("getSlot"))).status());

    server.misbehave("getSlot", 5, RpcFault.httpStatus(500)).behave();
    assertEquals(109, rpc.result("getSlot"));
  }
}
