package io.swapflush.source.grpc;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.swapflush.geyser.CommitmentLevel;
import io.swapflush.geyser.GeyserGrpcClient;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeRequestFilterBlocksMeta;
import io.swapflush.geyser.SubscribeRequestFilterSlots;
import io.swapflush.geyser.SubscribeRequestFilterTransactions;
import io.swapflush.geyser.SubscribeRequestPing;
import io.swapflush.geyser.SubscribeUpdate;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One Subscribe call: asks for the trading programs' successful transactions, every slot status and
 * block meta at the commitment (from {@code from_slot} when given), answers the server's pings, and
 * hands each update on. It ends once, for one reason ({@link StreamEnd}): the server ends or cuts
 * it, the connection fails, or nothing arrives for the watchdog's time (streams do go silent
 * without closing). Reading follows {@link #pause}/{@link #resume}: paused, HTTP/2 flow control
 * stops the server.
 */
final class GeyserSubscription {

  private static final long WATCHDOG_TICK_MS = 1_000;

  private final Vertx vertx;
  private final GrpcSettings settings;
  private final Handler<SubscribeUpdate> updates;
  private final Handler<StreamEnd> ended;
  private GrpcClientRequest<SubscribeRequest, SubscribeUpdate> request;
  private GrpcClientResponse<SubscribeRequest, SubscribeUpdate> response;
  private long lastMessageNanos = System.nanoTime();
  private long watchdog = -1;
  private boolean paused;
  private boolean over;

  GeyserSubscription(Vertx vertx, GrpcSettings settings, Handler<SubscribeUpdate> updates, Handler<StreamEnd> ended) {
    this.vertx = vertx;
    this.settings = settings;
    this.updates = updates;
    this.ended = ended;
  }

  /** Opens the call; completes once the server answered with its headers. */
  Future<Void> open(GrpcClient client, GeyserEndpoint endpoint, Long fromSlot) {
    watchdog = vertx.setPeriodic(WATCHDOG_TICK_MS, id -> checkSilence());
    return client.request(endpoint.address(), GeyserGrpcClient.Subscribe)
        .compose(call -> {
          request = call;
          if (settings.xToken() != null) {
            call.headers().set("x-token", settings.xToken());
          }
          call.exceptionHandler(failure -> end(StreamEnd.failed(failure)));
          call.write(subscribeRequest(fromSlot));
          return call.response();
        })
        .map(answer -> {
          response = answer;
          answer.handler(this::received);
          answer.exceptionHandler(failure -> end(StreamEnd.failed(failure)));
          answer.endHandler(end -> end(StreamEnd.of(answer.status(), settings.redact(statusMessage(answer)))));
          if (paused) {
            answer.pause();
          }
          return (Void) null;
        })
        .onFailure(failure -> end(StreamEnd.failed(failure)));
  }

  /**
   * The status message: Vert.x reads it from the headers only, but a server that sent its headers
   * first (Yellowstone does, at once) sends it in the trailers, percent-encoded.
   */
  private static String statusMessage(GrpcClientResponse<SubscribeRequest, SubscribeUpdate> answer) {
    String trailer = answer.trailers().get("grpc-message");
    return trailer != null ? QueryStringDecoder.decodeComponent(trailer, StandardCharsets.UTF_8)
        : answer.statusMessage();
  }

  private SubscribeRequest subscribeRequest(Long fromSlot) {
    SubscribeRequest.Builder request = SubscribeRequest.newBuilder()
        .putTransactions("swaps", SubscribeRequestFilterTransactions.newBuilder().setVote(false).setFailed(false)
            .addAllAccountInclude(settings.accountInclude()).build())
        // every status, not only the commitment's: dead slots, and the head
        .putSlots("slots", SubscribeRequestFilterSlots.newBuilder().setFilterByCommitment(false).build())
        .putBlocksMeta("blocks", SubscribeRequestFilterBlocksMeta.getDefaultInstance())
        .setCommitment(CommitmentLevel.valueOf(settings.commitment().toUpperCase(Locale.ROOT)));
    if (fromSlot != null) {
      request.setFromSlot(fromSlot);
    }
    return request.build();
  }

  private void received(SubscribeUpdate update) {
    lastMessageNanos = System.nanoTime();
    if (update.hasPing()) {
      // the server's keep-alive (proxies close streams idle for long): a ping request answers it
      request.write(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(1)).build());
    }
    if (!over) {
      updates.handle(update);
    }
  }

  private void checkSilence() {
    long silentMs = (System.nanoTime() - lastMessageNanos) / 1_000_000;
    // paused, the silence is this side's
    if (!paused && silentMs >= settings.watchdogMs()) {
      end(StreamEnd.silent(silentMs));
      reset();
    }
  }

  void pause() {
    paused = true;
    if (response != null) {
      response.pause();
    }
  }

  void resume() {
    paused = false;
    lastMessageNanos = System.nanoTime();
    if (response != null) {
      response.resume();
    }
  }

  /** Ends the call from this side (a reset); nothing more is handed on and {@code ended} is not told. */
  void cancel() {
    over = true;
    vertx.cancelTimer(watchdog);
    reset();
  }

  private void reset() {
    if (request != null) {
      request.cancel();
    }
  }

  private void end(StreamEnd end) {
    if (!over) {
      over = true;
      vertx.cancelTimer(watchdog);
      ended.handle(end);
    }
  }
}
