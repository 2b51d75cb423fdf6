package io.swapflush.testsupport;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Posts JSON-RPC to a {@link SolanaRpcServer} with Vert.x's HttpClient, as the rpc source does.
 * Each exchange runs on the client's one context, {@code body()} asked for in the callback of
 * {@code send()}: from a test's thread, the chain's callbacks could run after the body had arrived
 * on the connection's event loop, and the body would never complete (eclipse-vertx/vert.x#4705).
 */
final class RpcClient {

  private final Context context;
  private final HttpClient client;
  private final int port;
  private int nextId = 1;

  RpcClient(Vertx vertx, SolanaRpcServer server) {
    this.context = vertx.getOrCreateContext();
    this.client = vertx.createHttpClient();
    this.port = server.port();
  }

  /** The status, headers and whole body of the response to {@code body}. */
  record Reply(int status, MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  Future<Reply> post(String body) {
    return Future.future(reply -> context.runOnContext(v -> exchange(body).onComplete(reply)));
  }

  private Future<Reply> exchange(String body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
        .setURI("/").putHeader("Content-Type", "application/json");
    return client.request(options).compose(request -> request.send(body)
        .compose(response -> response.body().map(buffer -> new Reply(response.statusCode(), response.headers(), buffer))));
  }

  /** A call's request text. */
  String request(String method, Object... params) {
    return new JsonObject().put("jsonrpc", "2.0").put("id", nextId++).put("method", method)
        .put("params", new JsonArray(List.of(params))).encode();
  }

  /** The response to one call, awaited. */
  JsonObject call(String method, Object... params) {
    Reply reply = Await.result(post(request(method, params)));
    return reply.json();
  }

  /** The call's {@code result}; fails the test when it answers an error. */
  Object result(String method, Object... params) {
    JsonObject response = call(method, params);
    if (response.containsKey("error")) {
      throw new AssertionError(method + " answered " + response.getJsonObject("error"));
    }
    return response.getValue("result");
  }

  /** The call's {@code error}; fails the test when it answers a result. */
  JsonObject error(String method, Object... params) {
    JsonObject response = call(method, params);
    if (!response.containsKey("error")) {
      throw new AssertionError(method + " answered a result, not an error: " + response.encode().substring(0,
          Math.min(200, response.encode().length())));
    }
    return response.getJsonObject("error");
  }
}
