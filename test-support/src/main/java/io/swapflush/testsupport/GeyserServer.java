package io.swapflush.testsupport;

import io.swapflush.geyser.GeyserGrpcService;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeRequest;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdateBlockMeta;
import io.swapflush.geyser.SubscribeUpdatePing;
import io.swapflush.geyser.SubscribeUpdateSlot;
import io.swapflush.geyser.storage.UnixTimestamp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Yellowstone gRPC (Geyser) server for tests, on a free loopback port (HTTP/2 without TLS), on
 * {@code vertx-grpc-server} and the project's own Geyser protocol: it takes Subscribe calls, keeps
 * every request they send ({@link #requests}: filters, commitment, {@code from_slot}, pings), answers
 * pings with pongs, and streams to each subscriber the updates a test gives it ({@link #send},
 * {@link #sendTransaction} from the real fixtures, {@link #sendSlot}, {@link #sendBlockMeta},
 * {@link #sendBlock}) that match its filters. It keeps what it sent, so that a subscriber asking
 * {@code from_slot} gets the updates of that slot on first (replay).
 *
 * <p>It can be told to fail as the real server does, for a client's tests: a replay window
 * ({@link #keepFrom}, {@link #refuseReplay}, {@link #replayEarlierBy}), silence ({@link #goSilent}),
 * calls cut ({@link #cut}, {@link #lagCutAfterQueued}) and a token required ({@link #requireToken}).
 *
 * <p>Every method is safe to call from any thread but the server's event loop; {@link #url} is the
 * endpoint to subscribe to (plaintext HTTP/2).
 */
public final class GeyserServer extends LoopbackServer {

  /** Solana's genesis (2020-03-16), from which {@link #blockTime} counts 0.4 s a slot. */
  private static final long GENESIS_SECONDS = 1_584_368_940L;

  private final List<SubscribeRequest> requests = new CopyOnWriteArrayList<>();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger pingsAnswered = new AtomicInteger();
  /** Every open call, subscribed or not: what {@link #cut} and {@link #close} end. */
  private final List<GeyserStream> open = new CopyOnWriteArrayList<>();
  /** The calls with filters set, which updates go to; joined only under the lock of {@link #replay}. */
  private final List<GeyserStream> subscribed = new CopyOnWriteArrayList<>();
  private final ReplayWindow replay = new ReplayWindow();
  private volatile boolean silent;
  private volatile int lagLimit = Integer.MAX_VALUE;
  private volatile String token;

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
    return subscribed.size();
  }

  /** Subscribe calls ever opened, refused ones included. */
  public int calls() {
    return calls.get();
  }

  /** The {@code x-token} header of every call, in the order they opened; "" for a call without one. */
  public List<String> tokensSeen() {
    return List.copyOf(tokens);
  }

  /** Ping requests that answered a ping of the server's (a client's own pings, also answered with pongs, are not). */
  public int pingsAnswered() {
    return pingsAnswered.get();
  }

  /** Streams {@code update} to every subscriber whose filters it matches, and keeps it for replays (but a ping). */
  public GeyserServer send(SubscribeUpdate update) {
    synchronized (replay) {
      replay.keep(update);
      subscribed.forEach(stream -> stream.offer(update));
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

  /** The block meta of {@code slot}, its and its parent's hash {@link #blockhash}; no block time when null. */
  public GeyserServer sendBlockMeta(long slot, long parentSlot, Long blockTimeSeconds) {
    return sendBlockMeta(slot, blockhash(slot), parentSlot, blockhash(parentSlot), blockTimeSeconds);
  }

  /** A block meta with hashes of the test's: two blocks at one slot are a fork. */
  public GeyserServer sendBlockMeta(long slot, String blockhash, long parentSlot, String parentBlockhash,
      Long blockTimeSeconds) {
    return send(SubscribeUpdate.newBuilder()
        .setBlockMeta(blockMeta(slot, blockhash, parentSlot, parentBlockhash, blockTimeSeconds)).build());
  }

  private static SubscribeUpdateBlockMeta.Builder blockMeta(long slot, String blockhash, long parentSlot,
      String parentBlockhash, Long blockTimeSeconds) {
    SubscribeUpdateBlockMeta.Builder meta = SubscribeUpdateBlockMeta.newBuilder().setSlot(slot).setBlockhash(blockhash)
        .setParentSlot(parentSlot).setParentBlockhash(parentBlockhash);
    if (blockTimeSeconds != null) {
      meta.setBlockTime(UnixTimestamp.newBuilder().setTimestamp(blockTimeSeconds));
    }
    return meta;
  }

  /**
   * A whole block as Yellowstone streams it: each entry as the slot's next transaction, then the
   * block meta (hashes {@link #blockhash}, time {@link #blockTime}, the entries counted as executed
   * transactions), then each status as a slot update: a test passing PROCESSED, CONFIRMED gets a
   * confirmed subscriber's order, the block before its confirmation.
   */
  public GeyserServer sendBlock(long slot, long parentSlot, List<JsonObject> entries, SlotStatus... statuses) {
    for (int i = 0; i < entries.size(); i++) {
      sendTransaction(entries.get(i), slot, i);
    }
    send(SubscribeUpdate.newBuilder().setBlockMeta(blockMeta(slot, blockhash(slot), parentSlot,
        blockhash(parentSlot), blockTime(slot)).setExecutedTransactionCount(entries.size())).build());
    for (SlotStatus status : statuses) {
      sendSlot(slot, parentSlot, status);
    }
    return this;
  }

  /**
   * A {@code getBlock} result ({@link ChainBuilder}'s, a real block's) as Yellowstone streams it:
   * its transactions, its meta with its own hashes, parent and time, then each status: the stream
   * and a JSON-RPC node serving the same blocks tell one chain.
   */
  public GeyserServer sendBlock(long slot, JsonObject block, SlotStatus... statuses) {
    JsonArray transactions = block.getJsonArray("transactions");
    for (int i = 0; i < transactions.size(); i++) {
      sendTransaction(transactions.getJsonObject(i), slot, i);
    }
    long parentSlot = block.getLong("parentSlot");
    sendBlockMeta(slot, block.getString("blockhash"), parentSlot, block.getString("previousBlockhash"),
        block.getLong("blockTime"));
    for (SlotStatus status : statuses) {
      sendSlot(slot, parentSlot, status);
    }
    return this;
  }

  /** The hash {@link #sendBlockMeta} and {@link #sendBlock} give a slot's block: base58 of SHA-256 of "block SLOT". */
  public static String blockhash(long slot) {
    try {
      return Base58.encode(MessageDigest.getInstance("SHA-256").digest(("block " + slot).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The block time {@link #sendBlock} gives a slot, in seconds: 0.4 s a slot since genesis, near mainnet's. */
  public static long blockTime(long slot) {
    return GENESIS_SECONDS + slot * 2 / 5;
  }

  /** The server's keep-alive to every subscriber, which a client answers with a ping request; not kept for replays. */
  public GeyserServer ping() {
    return send(SubscribeUpdate.newBuilder().setPing(SubscribeUpdatePing.getDefaultInstance()).build());
  }

  /**
   * Forgets what was sent below {@code slot}, and ends a call asking {@code from_slot} below it with
   * OUT_OF_RANGE "broadcast from F is not available, last available: SLOT", as Yellowstone does.
   */
  public GeyserServer keepFrom(long slot) {
    synchronized (replay) {
      replay.keepFrom(slot);
    }
    return this;
  }

  /** Ends every call asking a {@code from_slot} with INTERNAL "from_slot is not supported" (a server without replay). */
  public GeyserServer refuseReplay() {
    synchronized (replay) {
      replay.refuse();
    }
    return this;
  }

  /** Replays from {@code slots} before the {@code from_slot} asked: the client gets those slots a second time. */
  public GeyserServer replayEarlierBy(long slots) {
    synchronized (replay) {
      replay.startEarlierBy(slots);
    }
    return this;
  }

  /**
   * Writes nothing more to any open call (updates, pings, pongs) until {@link #speak}, leaving them
   * open: a stalled stream. What is sent meanwhile is kept for replays, and written on speak.
   */
  public GeyserServer goSilent() {
    silent = true;
    return this;
  }

  /** Ends the silence: the open calls get what waited, in order. */
  public GeyserServer speak() {
    silent = false;
    open.forEach(GeyserStream::wake);
    return this;
  }

  /** Ends every open call with UNAVAILABLE, as a server going away: between two sends, mid-slot. */
  public GeyserServer cut() {
    return cut(GrpcStatus.UNAVAILABLE, "stream cut by the test server");
  }

  /** Ends every open call with {@code status}; what is sent next goes to new calls only. */
  public GeyserServer cut(GrpcStatus status, String message) {
    synchronized (replay) {
      subscribed.clear();
      open.forEach(stream -> stream.end(status, message));
    }
    return this;
  }

  /**
   * Ends with INTERNAL "lagged: ..." a call that HTTP/2 cannot take more of (its client reads too
   * slowly) once more than {@code messages} updates wait in it, as Yellowstone drops a lagging
   * client. Without it, updates wait as long as it takes.
   */
  public GeyserServer lagCutAfterQueued(int messages) {
    lagLimit = messages;
    return this;
  }

  /** Ends at once, with UNAUTHENTICATED, every call whose {@code x-token} header is not {@code token}. */
  public GeyserServer requireToken(String token) {
    this.token = token;
    return this;
  }

  private void subscribe(GrpcServerRequest<SubscribeRequest, SubscribeUpdate> call) {
    calls.incrementAndGet();
    String seen = call.headers().get("x-token");
    tokens.add(seen == null ? "" : seen);
    String required = token;
    if (required != null && !required.equals(seen)) {
      // before any header, as Yellowstone's interceptor refuses it: the status comes alone
      call.response().status(GrpcStatus.UNAUTHENTICATED).statusMessage("No valid auth token").end();
      return;
    }
    open.add(new GeyserStream(call, this));
  }

  void received(SubscribeRequest request) {
    requests.add(request);
  }

  /**
   * A new subscriber: first what was sent from its {@code from_slot} on, then live updates (none lost
   * or doubled in between: {@link #send} offers under the same lock, and offers run after this on
   * the stream's event loop); or the call ended when the replay window has not that slot.
   */
  void subscribed(GeyserStream stream, SubscribeRequest request) {
    synchronized (replay) {
      if (request.hasFromSlot()) {
        ReplayWindow.Refusal refusal = replay.refusal(request.getFromSlot());
        if (refusal != null) {
          stream.end(refusal.status(), refusal.message());
          return;
        }
        replay.from(request.getFromSlot()).forEach(stream::deliver);
      }
      subscribed.add(stream);
    }
  }

  void ended(GeyserStream stream) {
    open.remove(stream);
    subscribed.remove(stream);
  }

  boolean silent() {
    return silent;
  }

  int lagLimit() {
    return lagLimit;
  }

  void pingAnswered() {
    pingsAnswered.incrementAndGet();
  }

  /** Ends the open calls, then stops as any {@link LoopbackServer}. */
  @Override
  public void close() {
    open.forEach(GeyserStream::close);
    super.close();
  }
}
