package io.swapflush.launcher;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.launcher.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The HTTP endpoints: metrics, health, and the HTTP transaction source. */
final class HttpEndpoints {

  private static final Pattern MINT_STATS = Pattern.compile("/mints/[1-9A-HJ-NP-Za-km-z]{32,44}/stats");

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Supplier<Future<JsonObject>> health;
  private final int maxBodyBytes;
  private final AdminAccess admin;
  private final Supplier<Future<String>> redeployFlusher;

  HttpEndpoints(Vertx vertx, PrometheusMeterRegistry registry, Supplier<Future<JsonObject>> health, int maxBodyBytes,
      AdminAccess admin, Supplier<Future<String>> redeployFlusher) {
    this.vertx = vertx;
    this.registry = registry;
    this.health = health;
    this.maxBodyBytes = maxBodyBytes;
    this.admin = admin;
    this.redeployFlusher = redeployFlusher;
  }

  void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && MINT_STATS.matcher(request.path()).matches()) {
      mintStats(request, request.path().split("/")[2]);
      return;
    }
    String route = request.method() + " " + request.path();
    switch (route) {
      // a scrape walks every meter: on a worker thread, off the event loop the pipeline runs on
      case "GET /metrics" -> vertx.executeBlocking(registry::scrape, false).onComplete(scrape -> {
        if (scrape.succeeded()) {
          request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.result());
        } else {
          json(request, 500, new JsonObject().put("error", "scrape failed: " + scrape.cause().getMessage()));
        }
      });
      case "GET /health" -> health.get().onComplete(ar -> {
        JsonObject report = ar.succeeded() ? ar.result() : new JsonObject().put("healthy", false)
            .put("error", String.valueOf(ar.cause().getMessage()));
        json(request, report.getBoolean("healthy") ? 200 : 503, report);
      });
      case "POST /transactions" -> postTransactions(request);
      case "POST /admin/flusher/redeploy" -> redeploy(request);
      default -> json(request, knownPath(request.path()) ? 405 : 404,
          new JsonObject().put("error", "no route " + route));
    }
  }

  private void mintStats(HttpServerRequest request, String mint) {
    vertx.eventBus().<JsonObject>request(Addresses.MINT_STATS, mint).onComplete(ar -> {
      if (ar.succeeded()) {
        json(request, 200, ar.result().body());
      } else if (ar.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        json(request, reply.failureCode(), new JsonObject().put("error", reply.getMessage()));
      } else {
        json(request, 503, new JsonObject().put("error", "counters unavailable: " + ar.cause().getMessage()));
      }
    });
  }

  private void redeploy(HttpServerRequest request) {
    switch (admin.check(request)) {
      case DISABLED -> json(request, 404, new JsonObject().put("error", "no route " + request.path()));
      case UNAUTHORIZED -> json(request, 401, new JsonObject().put("error", "admin token required"));
      case ALLOWED -> redeployFlusher.get().onComplete(ar -> {
        if (ar.succeeded()) {
          json(request, 200, new JsonObject().put("deploymentId", ar.result()));
        } else {
          if (ar.cause() instanceof StoppingException) {
            request.response().putHeader("retry-after", "1");
          }
          json(request, ar.cause() instanceof ConfigException ? 400 : ar.cause() instanceof StoppingException ? 503 : 500,
              new JsonObject().put("error", ar.cause().getMessage()));
        }
      });
    }
  }

  private static boolean knownPath(String path) {
    return path.equals("/metrics") || path.equals("/health") || path.equals("/transactions");
  }

  private void postTransactions(HttpServerRequest request) {
    String length = request.getHeader("content-length");
    if (length != null && length.chars().allMatch(Character::isDigit) && Long.parseLong(length) > maxBodyBytes) {
      json(request, 413, new JsonObject().put("error", "body of " + length + " bytes exceeds " + maxBodyBytes));
      request.connection().close();
      return;
    }
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (body.length() + chunk.length() > maxBodyBytes) {
        json(request, 413, new JsonObject().put("error", "body exceeds " + maxBodyBytes + " bytes"));
        request.connection().close();
      } else {
        body.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> {
      if (!request.response().ended()) {
        ingest(request, body.getBytes());
      }
    });
  }

  private void ingest(HttpServerRequest request, byte[] document) {
    vertx.eventBus().<JsonObject>request(Addresses.TRANSACTIONS, document).onComplete(ar -> {
      if (ar.succeeded()) {
        JsonObject result = ar.result().body();
        boolean anyAccepted = result.getInteger("accepted") > 0 || result.getJsonArray("rejected").isEmpty();
        json(request, anyAccepted ? 202 : 400, result);
      } else if (ar.cause() instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
        json(request, 404, new JsonObject().put("error", "the http source is not enabled (processor.source.type)"));
      } else {
        request.response().putHeader("retry-after", "1");
        json(request, 503, new JsonObject().put("error", ar.cause().getMessage()));
      }
    });
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    if (!request.response().ended()) {
      request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
  }
}
