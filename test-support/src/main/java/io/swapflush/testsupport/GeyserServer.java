package io.swapflush.testsupport;

import io.swapflush.geyser.GeyserGrpcService;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdatePing;
import io.swapflush.geyser.SubscribeUpdateSlot;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Yellowstone gRPC (Geyser) server for tests, on a free loopback port (HTTP/2 without TLS), on
 * {@code vertx-grpc-server} and the project's own Geyser protocol: it takes Subscribe calls, keeps
 * every request they send ({@link #requests}: filters, commitment, {@code from_slot}, pings), answers
 * pings with pongs, and streams to each subscriber the updates a test gives it ({@link #send},
 * {@link #sendTransaction} from the real fixtures, {@link #sendSlot}) that match its filters. It
 * keeps what it sent, so that a subscriber asking {@code from_slot} gets the updates of that slot on
 * first (replay).
 *
 * <p>Every method is safe to call from any thread but the server's event loop; {@link #url} is the
 * endpoint to subscribe to (plaintext HTTP/2).
 */
public final class GeyserServer extends LoopbackServer {

  private final List<SubscribeRequest> requests = new CopyOnWriteArrayList<>();
  private final List<GeyserStream> streams = new CopyOnWriteArrayList<>();
  private final List<SubscribeUpdate> sent = new ArrayList<>();

  private GeyserServer(Vertx vertx, boolean ownsVertx) {
    super(vertx, ownsVertx);
    GrpcServer grpc = GrpcServer.server(vertx);
    grpc.callHandler(GeyserGrpcService.Subscribe, this::subscribe);
    serve(grpc);
  }

  /** A server on a Vert.x instance of its own, closed with it. */
  public static GeyserServer start() {
    return startOnOwnVertx(vertx -> new GeyserServer(vertx, true));
  }

  /** A server on {@code vertx}, which stays open when the server closes. */
  public static GeyserServer start(Vertx vertx) {
    return listen(new GeyserServer(vertx, false));
  }

  /** Every request received, from all subscribers, in the order each arrived. */
  public List<SubscribeRequest> requests() {
    return List.copyOf(requests);
  }

  /** Subscribe calls open with filters set: those that updates go to. */
  public int subscribers() {
    return streams.size();
  }

  /** Streams {@code update} to every subscriber whose filters it matches, and keeps it for replays. */
  public GeyserServer send(SubscribeUpdate update) {
    synchronized (sent) {
      sent.add(update);
      streams.forEach(stream -> stream.offer(update));
    }
    return this;
  }

  /** A fixture's block entry ({@link BlockTransactions}) as the {@code index}th transaction of {@code slot}. */
  public GeyserServer sendTransaction(JsonObject entry, long slot, long index) {
    return send(GeyserTransactions.update(entry, slot, index));
  }

  public GeyserServer sendSlot(long slot, long parent, SlotStatus status) {
    return send(SubscribeUpdate.newBuilder()
        .setSlot(SubscribeUpdateSlot.newBuilder().setSlot(slot).setParent(parent).setStatus(status)).build());
  }

  /** The server's keep-alive to every subscriber, which a client answers with a ping request. */
  public GeyserServer ping() {
    SubscribeUpdate ping = SubscribeUpdate.newBuilder().setPing(SubscribeUpdatePing.getDefaultInstance()).build();
    streams.forEach(stream -> stream.offer(ping));
    return this;
  }

  private void subscribe(GrpcServerRequest<SubscribeRequest, SubscribeUpdate> call) {
    new GeyserStream(call, this);
  }

  void received(SubscribeRequest request) {
    requests.add(request);
  }

  /**
   * A new subscriber: first what was sent from its {@code from_slot} on, then live updates (none lost
   * or doubled in between: {@link #send} offers under the same lock, and offers run after this on
   * the stream's event loop).
   */
  void subscribed(GeyserStream stream, SubscribeRequest request) {
    synchronized (sent) {
      if (request.hasFromSlot()) {
        sent.stream().filter(update -> slotOf(update) >= request.getFromSlot()).forEach(stream::deliver);
      }
      streams.add(stream);
    }
  }

  void ended(GeyserStream stream) {
    streams.remove(stream);
  }

  private static long slotOf(SubscribeUpdate update) {
    return update.hasTransaction() ? update.getTransaction().getSlot() : update.getSlot().getSlot();
  }

  /** Ends the open calls, then stops as any {@link LoopbackServer}. */
  @Override
  public void close() {
    streams.forEach(GeyserStream::close);
    super.close();
  }
}
