package io.swapflush.testsupport;

import com.google.protobuf.Timestamp;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdatePong;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.time.Instant;
import java.util.List;

/**
 * One client's Subscribe call on a {@link GeyserServer}: its requests set its filters (a ping-only
 * request leaves them and is answered with a pong, as Yellowstone does), and updates that match
 * them are written to it, stamped with the filters' names and {@code created_at}. Lives on the
 * call's event loop: every method but {@link #offer} runs there.
 */
final class GeyserStream {

  private final Context context = Vertx.currentContext();
  private final GrpcServerResponse<SubscribeRequest, SubscribeUpdate> response;
  private SubscriptionFilters filters;
  private boolean open = true;

  /** Takes the call; tells {@code server} of each request, of the first that sets filters and of the end. */
  GeyserStream(GrpcServerRequest<SubscribeRequest, SubscribeUpdate> call, GeyserServer server) {
    this.response = call.response();
    call.handler(request -> {
      server.received(request);
      receive(request, server);
    });
    call.endHandler(end -> {
      close();
      server.ended(this);
    });
    call.exceptionHandler(failure -> server.ended(this));
    response.exceptionHandler(failure -> server.ended(this));
    response.writeHead(); // headers at once, as Yellowstone's server does: the client's call completes before any update
  }

  private void receive(SubscribeRequest request, GeyserServer server) {
    if (request.hasPing()) {
      write(SubscribeUpdate.newBuilder().setPong(SubscribeUpdatePong.newBuilder().setId(request.getPing().getId()))
          .build());
      return;
    }
    boolean first = filters == null;
    filters = new SubscriptionFilters(request);
    if (first) {
      server.subscribed(this, request);
    }
  }

  /** Sends {@code update} from any thread if it matches the stream's filters. */
  void offer(SubscribeUpdate update) {
    context.runOnContext(ignored -> deliver(update));
  }

  /** Sends {@code update}, on the stream's event loop, if it matches the stream's filters. */
  void deliver(SubscribeUpdate update) {
    List<String> names = filters == null ? List.of() : filters.matching(update);
    if (!names.isEmpty() || isKeepAlive(update)) {
      write(update.toBuilder().clearFilters().addAllFilters(names).build());
    }
  }

  private static boolean isKeepAlive(SubscribeUpdate update) {
    return update.hasPing();
  }

  private void write(SubscribeUpdate update) {
    if (open) {
      Instant now = Instant.now();
      response.write(update.toBuilder()
          .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())).build());
    }
  }

  /** Ends the call with status OK (the client ended its side, or the server closes). */
  void close() {
    context.runOnContext(ignored -> {
      if (open) {
        open = false;
        response.end();
      }
    });
  }
}
