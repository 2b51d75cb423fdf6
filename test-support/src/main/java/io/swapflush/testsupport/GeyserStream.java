package io.swapflush.testsupport;

import com.google.protobuf.Timestamp;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdatePong;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

/**
 * One client's Subscribe call on a {@link GeyserServer}: its requests set its filters (a ping-only
 * request leaves them and is answered with a pong, as Yellowstone does), and updates that match
 * them are written to it, stamped with the filters' names and {@code created_at}. Updates wait in
 * the stream while HTTP/2 cannot take more (the client reads slowly) or the server is silent, and
 * are written in order when it can again; past the server's lag limit the call is ended as
 * Yellowstone ends a lagging client's. Lives on the call's event loop: every method but
 * {@link #offer}, {@link #wake} and {@link #end} runs there.
 */
final class GeyserStream {

  private static final String LAGGED = "lagged: the client reads too slowly";

  private final Context context = Vertx.currentContext();
  private final GeyserServer server;
  private final GrpcServerResponse<SubscribeRequest, SubscribeUpdate> response;
  private final Queue<SubscribeUpdate> waiting = new ArrayDeque<>();
  private SubscriptionFilters filters;
  private boolean open = true;
  /** Server pings written and not yet answered by a ping request, which {@link GeyserServer#pingsAnswered} counts. */
  private int pingsOut;

  /** Takes the call; tells {@code server} of each request, of the first that sets filters and of the end. */
  GeyserStream(GrpcServerRequest<SubscribeRequest, SubscribeUpdate> call, GeyserServer server) {
    this.server = server;
    this.response = call.response();
    call.handler(request -> {
      server.received(request);
      receive(request);
    });
    call.endHandler(end -> close());
    call.errorHandler(error -> abandon()); // the client reset the stream: nothing can be written to it any more
    call.exceptionHandler(failure -> abandon());
    response.exceptionHandler(failure -> abandon());
    response.drainHandler(drained -> flush());
    response.writeHead(); // headers at once, as Yellowstone's server does: the client's call completes before any update
  }

  private void receive(SubscribeRequest request) {
    if (request.hasPing()) {
      if (pingsOut > 0) {
        pingsOut--;
        server.pingAnswered();
      }
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
    if (!names.isEmpty() || update.hasPing()) {
      write(update.toBuilder().clearFilters().addAllFilters(names).build());
    }
  }

  /** Stamps {@code update} with the time it was made, then writes it after those still waiting. */
  private void write(SubscribeUpdate update) {
    if (open) {
      Instant now = Instant.now();
      waiting.add(update.toBuilder()
          .setCreatedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())).build());
      flush();
    }
  }

  /** Writes what waited while the server was silent, from any thread. */
  void wake() {
    context.runOnContext(ignored -> flush());
  }

  /** Writes what waits, until HTTP/2 is full (then the drain handler calls again) or the server is silent. */
  private void flush() {
    while (open && !waiting.isEmpty() && !server.silent()) {
      if (response.writeQueueFull()) {
        if (waiting.size() > server.lagLimit()) {
          end(GrpcStatus.INTERNAL, LAGGED);
        }
        return;
      }
      SubscribeUpdate update = waiting.remove();
      pingsOut += update.hasPing() ? 1 : 0;
      response.write(update);
    }
  }

  /** Ends the call with {@code status} from any thread, dropping what waits, and tells the server. */
  void end(GrpcStatus status, String message) {
    context.runOnContext(ignored -> {
      if (open) {
        open = false;
        waiting.clear();
        response.status(status).statusMessage(message).end();
        server.ended(this);
      }
    });
  }

  /** Ends the call with status OK (the client ended its side, or the server closes). */
  void close() {
    end(GrpcStatus.OK, null);
  }

  private void abandon() {
    open = false;
    waiting.clear();
    server.ended(this);
  }
}
