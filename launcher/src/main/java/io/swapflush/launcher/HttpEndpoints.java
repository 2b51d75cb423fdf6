package io.swapflush.launcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.launcher.config.ConfigException;
import io.swapflush.launcher.config.SwapflushConfig;
import io.swapflush.processor.source.HttpSourceSettings;
import io.swapflush.source.SourceSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The HTTP endpoints, as a vertx-web {@link Router}: the status page and its data, metrics, health
 * (the service's own report, and vertx-health-check's liveness and readiness), the counters of a
 * mint, the admin redeploy and the HTTP transaction source. An unknown path is a 404 with a JSON
 * error; a known path asked with another method, the router's 405 with {@code Allow}.
 */
final class HttpEndpoints {

  private static final String MINT_STATS = "/mints/(?<mint>[1-9A-HJ-NP-Za-km-z]{32,44})/stats";
  /** A health procedure that does not complete in this time is down. */
  private static final long CHECK_TIMEOUT_MS = 3000;
  private static final String RETRY_AFTER_SECONDS = "1";

  /** Why an upload was refused: the {@code reason} tag of {@code swap_http_requests_refused_total}. */
  private enum Refusal {
    TOO_LARGE("too-large"), BYTES_IN_FLIGHT("bytes-in-flight"), SOURCE_STOPPED("source-stopped"),
    PIPELINE_UNAVAILABLE("pipeline-unavailable");

    final String reason;

    Refusal(String reason) {
      this.reason = reason;
    }
  }

  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final Supplier<Future<JsonObject>> health;
  private final boolean httpSource;
  private final BodyBytesInFlight bodies;
  /** A body larger than the whole bound could never be taken, so it is refused as too large. */
  private final int maxBodyBytes;
  private final AdminAccess admin;
  private final Supplier<Future<String>> redeployFlusher;
  private final StatusPage statusPage = StatusPage.fromJar();
  private final StatusReport status;
  private final AlertStream alertStream;
  private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);

  HttpEndpoints(Vertx vertx, PrometheusMeterRegistry registry, Supplier<Future<JsonObject>> health,
      Supplier<SwapflushConfig> configInEffect, AdminAccess admin, Supplier<Future<String>> redeployFlusher,
      AlertStream alertStream) {
    // http and processor settings stay as started; a flusher redeploy replaces the rest
    SwapflushConfig config = configInEffect.get();
    this.vertx = vertx;
    this.status = new StatusReport(vertx, registry, configInEffect);
    this.registry = registry;
    this.health = health;
    this.httpSource = config.processor().source() instanceof HttpSourceSettings;
    this.bodies = new BodyBytesInFlight(config.http().maxBodyBytesInFlight());
    this.maxBodyBytes = (int) Math.min(config.processor().maxTransactionBytes(), bodies.limit());
    this.admin = admin;
    this.redeployFlusher = redeployFlusher;
    this.alertStream = alertStream;
    Gauge.builder("swap.http.body.in.flight", bodies, BodyBytesInFlight::held).baseUnit("bytes").strongReference(true)
        .description("Request body bytes held for POSTs not yet answered (bounded by http.maxBodyBytesInFlight)")
        .register(registry);
    for (Refusal refusal : Refusal.values()) {
      refusals.put(refusal, Counter.builder("swap.http.requests.refused").tag("reason", refusal.reason)
          .description("POST /transactions answered 413 or 503 without being ingested").register(registry));
    }
  }

  Router router() {
    Router router = Router.router(vertx);
    router.get("/").handler(statusPage);
    router.get("/api/status").handler(ctx -> status.report().onComplete(report -> json(ctx.request(),
        report.succeeded() ? 200 : 500, report.succeeded() ? report.result()
            : new JsonObject().put("error", "status report failed: " + report.cause()))));
    router.get("/metrics").handler(ctx -> metrics(ctx.request()));
    router.get("/health").handler(ctx -> health(ctx.request()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness()));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness()));
    router.get("/alerts/stream").handler(ctx -> alertStream.handle(ctx.request()));
    router.getWithRegex(MINT_STATS).handler(ctx -> mintStats(ctx.request(), ctx.pathParam("mint")));
    // the body is read here, bounded, not by a BodyHandler: uploads share one bound on bytes in flight
    router.post("/transactions").handler(ctx -> postTransactions(ctx.request()));
    router.post("/admin/flusher/redeploy").handler(ctx -> redeploy(ctx.request()));
    router.errorHandler(404, ctx -> json(ctx.request(), 404,
        new JsonObject().put("error", "no route " + ctx.request().method() + " " + ctx.request().path())));
    return router;
  }

  /** The event loop that serves HTTP answers: a blocked loop answers nothing, and the probe times out. */
  private HealthChecks liveness() {
    return HealthChecks.create(vertx).register("event-loop", CHECK_TIMEOUT_MS, promise -> promise.complete(Status.OK()));
  }

  /**
   * The service's health report: database reachable, both verticles deployed, writes succeeding, the
   * source making progress; its reasons when not. An alert destination that fails makes /health 503
   * but not readiness: taking the instance out of service would not bring the receiver back.
   */
  private HealthChecks readiness() {
    return HealthChecks.create(vertx).register("pipeline", CHECK_TIMEOUT_MS, promise -> health.get().onComplete(ar -> {
      if (ar.failed()) {
        promise.complete(Status.KO(new JsonObject().put("error", String.valueOf(ar.cause().getMessage()))));
      } else {
        JsonObject report = ar.result();
        JsonObject data = new JsonObject().put("reasons", report.getJsonArray("reasons"));
        promise.complete(report.getBoolean("ready") ? Status.OK(data) : Status.KO(data));
      }
    }));
  }

  /** A scrape walks every meter: on a worker thread, off the event loop the pipeline runs on. */
  private void metrics(HttpServerRequest request) {
    vertx.executeBlocking(registry::scrape, false).onComplete(scrape -> {
      if (scrape.succeeded()) {
        request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(scrape.result());
      } else {
        json(request, 500, new JsonObject().put("error", "scrape failed: " + scrape.cause().getMessage()));
      }
    });
  }

  private void health(HttpServerRequest request) {
    health.get().onComplete(ar -> {
      JsonObject report = ar.succeeded() ? ar.result() : new JsonObject().put("healthy", false)
          .put("error", String.valueOf(ar.cause().getMessage()));
      json(request, report.getBoolean("healthy") ? 200 : 503, report);
    });
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

  private void postTransactions(HttpServerRequest request) {
    String length = request.getHeader("content-length");
    long declared = length != null && !length.isEmpty() && length.chars().allMatch(Character::isDigit)
        ? Long.parseLong(length) : 0;
    if (declared > maxBodyBytes) {
      refuseTooLarge(request, "body of " + length + " bytes exceeds " + maxBodyBytes);
      return;
    }
    BodyBytesInFlight.Share share = bodies.share();
    // answered, failed, closed by the client or for idleness: every way a request ends gives its share back
    request.response().endHandler(v -> share.release()).closeHandler(v -> share.release());
    request.exceptionHandler(e -> share.release());
    if (!share.cover(declared)) {
      refuseBusy(request);
      return;
    }
    if ("100-continue".equalsIgnoreCase(request.getHeader("expect"))) {
      request.response().writeContinue();
    }
    Buffer body = Buffer.buffer((int) declared);
    request.handler(chunk -> {
      if (request.response().ended()) {
        return;
      }
      long total = (long) body.length() + chunk.length();
      if (total > maxBodyBytes) {
        refuseTooLarge(request, "body exceeds " + maxBodyBytes + " bytes");
      } else if (!share.cover(total)) {
        refuseBusy(request);
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
        if (httpSource) {
          // the processor is stopping (or not started yet): a retry reaches this instance or the next one
          unavailable(request, Refusal.SOURCE_STOPPED, "the http source is stopped (shutting down or starting), retry later");
        } else {
          json(request, 404, new JsonObject().put("error", "the http source is not enabled (processor.source.type)"));
        }
      } else {
        unavailable(request, Refusal.PIPELINE_UNAVAILABLE, ar.cause().getMessage());
      }
    });
  }

  /** Refuses an upload the bound has no room for; closing the connection leaves the rest of the body unread. */
  private void refuseBusy(HttpServerRequest request) {
    unavailable(request, Refusal.BYTES_IN_FLIGHT, "uploads in progress hold up to " + bodies.limit()
        + " bytes (http.maxBodyBytesInFlight), retry later");
    request.connection().close();
  }

  /** Refuses a body over the limit; closing the connection leaves the rest of it unread. */
  private void refuseTooLarge(HttpServerRequest request, String error) {
    refusals.get(Refusal.TOO_LARGE).increment();
    json(request, 413, new JsonObject().put("error", error));
    request.connection().close();
  }

  private void unavailable(HttpServerRequest request, Refusal refusal, String error) {
    refusals.get(refusal).increment();
    request.response().putHeader("retry-after", RETRY_AFTER_SECONDS);
    json(request, 503, new JsonObject().put("error", error));
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    if (!request.response().ended()) {
      request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
  }
}
