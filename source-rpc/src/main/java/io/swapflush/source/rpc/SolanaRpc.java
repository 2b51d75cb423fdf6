package io.swapflush.source.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * JSON-RPC 2.0 over HTTP to a Solana provider, paced to {@code maxRequestsPerSecond}. Every call
 * that does not give a usable answer fails with an {@link RpcFailure} saying why. Requests are
 * counted by method and transport outcome, JSON-RPC errors by method and code. Bodies are bounded
 * by {@code maxBlockBytes} and may come gzip-compressed.
 */
final class SolanaRpc {

  private final Vertx vertx;
  private final RpcSettings settings;
  private final MeterRegistry registry;
  private final HttpClientAgent client;
  private final ProviderSecrets secrets;
  private final long intervalNanos;
  private long nextRequestAt = System.nanoTime();
  private long ids;

  SolanaRpc(Vertx vertx, RpcSettings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.settings = settings;
    this.registry = registry;
    this.client = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(true).setKeepAlive(true)
            .setConnectTimeout((int) Math.min(settings.requestTimeoutMs(), 10_000)),
        new PoolOptions().setHttp1MaxSize(settings.concurrency() + 1));
    this.secrets = new ProviderSecrets(settings.url(), settings.shownUrl(), settings.headers().values());
    this.intervalNanos = settings.maxRequestsPerSecond() > 0 ? (long) (1e9 / settings.maxRequestsPerSecond()) : 0;
  }

  /** The {@code result} of a call whose answer is small (decoded on the event loop). */
  Future<Object> call(String method, JsonArray params) {
    return post(method, params).map(body -> {
      JsonObject response;
      try {
        response = new JsonObject(body);
      } catch (DecodeException | ClassCastException e) {
        throw RpcFailure.of("malformed", method + " answered no JSON object: " + secrets.redact(e.getMessage()));
      }
      if (response.getValue("error") instanceof JsonObject error) {
        Object code = error.getValue("code");
        throw rpcError(method, code instanceof Number n ? n.longValue() : 0, String.valueOf(error.getValue("message")));
      }
      if (!response.containsKey("result")) {
        throw RpcFailure.of("wrong-shape", method + " answered neither a result nor an error");
      }
      return response.getValue("result");
    });
  }

  /** The body of a successful HTTP answer; a JSON-RPC error inside it is the caller's to read. */
  Future<Buffer> post(String method, JsonArray params) {
    Buffer request = new JsonObject().put("jsonrpc", "2.0").put("id", ++ids).put("method", method)
        .put("params", params).toBuffer();
    return paced().compose(v -> send(method, request))
        .recover(e -> {
          // the one place the HTTP client's errors, which name the URL, become failures to log and show
          RpcFailure failure = (e instanceof RpcFailure f ? f : classify(e)).redacted(secrets);
          count(method, failure.reason);
          return Future.failedFuture(failure);
        })
        .map(body -> {
          count(method, "ok");
          Counter.builder("swap.rpc.bytes").description("Bytes of JSON-RPC answers received")
              .register(registry).increment(body.length());
          return body;
        });
  }

  /** A JSON-RPC error a provider answered, counted by method and code. */
  RpcFailure rpcError(String method, long code, String message) {
    Counter.builder("swap.rpc.errors").description("JSON-RPC errors answered, by method and code")
        .tag("method", method).tag("code", Long.toString(code)).register(registry).increment();
    return new RpcFailure("rpc-error", code, -1, method + " failed: " + code + " " + secrets.redact(message));
  }

  /** Waits for the next request slot the rate limit allows. */
  private Future<Void> paced() {
    long now = System.nanoTime();
    long at = Math.max(now, nextRequestAt);
    nextRequestAt = at + intervalNanos;
    if (at <= now) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(Math.max(1, (at - now) / 1_000_000), id -> promise.complete());
    return promise.future();
  }

  /**
   * The whole exchange, body included, is bounded by {@code requestTimeoutMs}: an idle timeout does not
   * end an answer that trickles in. Past it the request is reset, which closes its connection, so
   * that the rest of the late answer cannot reach the next request.
   */
  private Future<Buffer> send(String method, Buffer request) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(settings.url())
        .putHeader("content-type", "application/json").putHeader("accept-encoding", "gzip");
    settings.headers().forEach(options::putHeader);
    Promise<Buffer> answer = Promise.promise();
    Future<HttpClientRequest> sent = client.request(options);
    long timer = vertx.setTimer(settings.requestTimeoutMs(), id -> {
      if (answer.tryFail(RpcFailure.of("timeout", "no answer in time: " + method + " took over "
          + settings.requestTimeoutMs() + " ms"))) {
        sent.onSuccess(HttpClientRequest::reset);
      }
    });
    // the body is taken in send's own callback: a handler set a step later can miss what has arrived
    sent.compose(req -> req.send(request).compose(response -> response.statusCode() == 200 ? body(response)
            : Future.failedFuture(httpFailure(method, response))))
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            answer.tryComplete(ar.result());
          } else {
            answer.tryFail(ar.cause());
          }
        });
    return answer.future();
  }

  /** The body, refused beyond {@code maxBlockBytes}: a provider cannot make the source hold more. */
  private Future<Buffer> body(HttpClientResponse response) {
    Promise<Buffer> body = Promise.promise();
    // sized once from the announced length: a 10 MB body grown by appends is copied many times over
    Buffer collected = Buffer.buffer((int) Math.min(settings.maxBlockBytes(), contentLength(response)));
    response.handler(chunk -> {
      if (collected.length() + chunk.length() > settings.maxBlockBytes()) {
        body.tryFail(RpcFailure.of("too-large", "an answer exceeds processor.source.maxBlockBytes ("
            + settings.maxBlockBytes() + " bytes)"));
        response.request().reset();
      } else {
        collected.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(body::tryFail);
    response.endHandler(v -> body.tryComplete(collected));
    return body.future();
  }

  /** The announced body length; 0 when none is (chunked) or it is not a number. */
  private static long contentLength(HttpClientResponse response) {
    String length = response.getHeader("content-length");
    if (length == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(length.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static RpcFailure httpFailure(String method, HttpClientResponse response) {
    int status = response.statusCode();
    long retryAfterMs = retryAfterMs(response.getHeader("retry-after"));
    String reason = status == 429 ? "rate-limited" : status >= 500 ? "http-5xx" : "http-status";
    return new RpcFailure(reason, null, retryAfterMs, method + " answered HTTP " + status);
  }

  /** {@code Retry-After} in seconds (the form providers use); -1 when absent or a date. */
  private static long retryAfterMs(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim())) * 1000;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static RpcFailure classify(Throwable e) {
    if (e instanceof TimeoutException || String.valueOf(e.getMessage()).toLowerCase().contains("timeout")) {
      return RpcFailure.of("timeout", "no answer in time: " + e.getMessage());
    }
    if (e instanceof ConnectException) {
      return RpcFailure.of("connection", "cannot connect: " + e.getMessage());
    }
    return RpcFailure.of("connection", "connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
        : e.getMessage()));
  }

  private void count(String method, String outcome) {
    Counter.builder("swap.rpc.requests").description("JSON-RPC calls, by method and outcome").tag("method", method)
        .tag("outcome", outcome).register(registry).increment();
  }

  Future<Void> close() {
    return client.close();
  }
}
