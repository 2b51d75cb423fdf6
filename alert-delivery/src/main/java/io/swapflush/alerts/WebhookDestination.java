package io.swapflush.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * POSTs each message as JSON, signed the Standard Webhooks way ({@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}). A 2xx is delivery; 400, 413, 415 and 422
 * refuse the message itself; anything else, a timeout or a lost connection is the destination
 * failing, to be tried again ({@code Retry-After} honoured, in seconds or as a date).
 */
final class WebhookDestination implements Destination {

  private static final Set<Integer> REFUSES_THE_MESSAGE = Set.of(400, 413, 415, 422);

  private final HttpClient client;
  private final DestinationSettings.Webhook target;
  private final WebhookSignature signature;
  private final long timeoutMs;

  WebhookDestination(Vertx vertx, DestinationSettings.Webhook target, long timeoutMs) {
    this.target = target;
    this.signature = new WebhookSignature(target.secret());
    this.timeoutMs = timeoutMs;
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs)),
        new PoolOptions().setHttp1MaxSize(8));
  }

  @Override
  public Future<Void> send(AlertMessage message) {
    long timestamp = System.currentTimeMillis() / 1000;
    String body = target.format().body(message, target.chatId());
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target.url())
        .setIdleTimeout(timeoutMs)
        .putHeader("content-type", "application/json")
        .putHeader("user-agent", "swapflush-alerts")
        .putHeader("webhook-id", message.id())
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", signature.sign(message.id(), timestamp, body));
    return client.request(request)
        .compose(req -> req.send(body))
        .compose(response -> response.body().transform(read -> outcome(response)))
        // a receiver that trickles its answer is as good as one that hangs
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(e instanceof DeliveryFailure || e instanceof RefusedMessage ? e
            : new DeliveryFailure(describe(e), 0)));
  }

  private static Future<Void> outcome(HttpClientResponse response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Future.succeededFuture();
    }
    if (REFUSES_THE_MESSAGE.contains(status)) {
      return Future.failedFuture(new RefusedMessage("HTTP " + status + " " + response.statusMessage()));
    }
    return Future.failedFuture(new DeliveryFailure("HTTP " + status + " " + response.statusMessage(),
        retryAfterMs(response.getHeader("retry-after"))));
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date; 0 when absent or unreadable. */
  static long retryAfterMs(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()) * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (DateTimeParseException notADate) {
        return 0;
      }
    }
  }

  private static String describe(Throwable e) {
    String name = e.getClass().getSimpleName();
    return e.getMessage() == null ? name : name + ": " + e.getMessage();
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
