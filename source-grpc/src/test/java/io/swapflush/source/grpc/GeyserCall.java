package io.swapflush.source.grpc;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.swapflush.geyser.GeyserGrpcClient;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeRequestPing;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.testsupport.Await;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One Subscribe call of a test, on the generated stub's method but with the request at hand (for a
 * header, pausing the response): what arrives, and the status it ends with. Server pings are
 * answered with a ping request (id 1), as Yellowstone asks of its clients.
 */
final class GeyserCall {

  final Queue<SubscribeUpdate> updates = new ConcurrentLinkedQueue<>();
  private final GrpcClientRequest<SubscribeRequest, SubscribeUpdate> request;
  private final Context context;
  private GrpcClientResponse<SubscribeRequest, SubscribeUpdate> response;
  private volatile GrpcStatus status;
  private volatile String statusMessage;

  private GeyserCall(GrpcClientRequest<SubscribeRequest, SubscribeUpdate> request, Context context) {
    this.request = request;
    this.context = context;
  }

  /** A call sending {@code subscription} with the header {@code x-token} when not null; returns once the server's headers came. */
  static GeyserCall open(Vertx vertx, GrpcClient client, GeyserEndpoint endpoint, String token,
      SubscribeRequest subscription) {
    Context context = vertx.getOrCreateContext();
    Promise<GeyserCall> opened = Promise.promise();
    context.runOnContext(ignored -> client.request(endpoint.address(), GeyserGrpcClient.Subscribe).onSuccess(request -> {
      if (token != null) {
        request.headers().set("x-token", token);
      }
      GeyserCall call = new GeyserCall(request, context);
      request.write(subscription);
      request.response().onSuccess(response -> {
        call.read(response);
        opened.complete(call);
      }).onFailure(opened::fail);
    }).onFailure(opened::fail));
    return Await.result(opened.future());
  }

  private void read(GrpcClientResponse<SubscribeRequest, SubscribeUpdate> response) {
    this.response = response;
    status = response.status(); // set already when the server answered with the status alone
    statusMessage = response.statusMessage();
    response.handler(update -> {
      updates.add(update);
      if (update.hasPing()) {
        ping(1);
      }
    });
    response.endHandler(end -> {
      // vertx-grpc-client 5.0.7 reads statusMessage() from the headers only: a status after updates is in the
      // trailers, percent-encoded, decoded here as the client decodes it from the headers
      String trailer = response.trailers().get("grpc-message");
      statusMessage = statusMessage != null || trailer == null ? statusMessage : QueryStringDecoder.decodeComponent(trailer);
      status = response.status();
    });
  }

  /** A ping request of the client's own, from any thread. */
  void ping(int id) {
    context.runOnContext(ignored ->
        request.write(SubscribeRequest.newBuilder().setPing(SubscribeRequestPing.newBuilder().setId(id)).build()));
  }

  /** Stops reading the response, as a slow client: HTTP/2 flow control then holds the server's writes. */
  void pause() {
    onContext(() -> response.pause());
  }

  void resume() {
    onContext(() -> response.resume());
  }

  private void onContext(Runnable action) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> {
      action.run();
      done.complete();
    });
    Await.result(done.future());
  }

  /** The status the call ended with; null while it is open. */
  GrpcStatus status() {
    return status;
  }

  String statusMessage() {
    return statusMessage;
  }

  /** The slots of the slot updates that arrived, in order. */
  List<Long> slots() {
    return updates.stream().filter(SubscribeUpdate::hasSlot).map(update -> update.getSlot().getSlot()).toList();
  }
}
