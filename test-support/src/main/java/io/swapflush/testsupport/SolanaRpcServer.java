package io.swapflush.testsupport;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Solana JSON-RPC node for tests, on a free loopback port: getSlot, getBlocks and getBlock over
 * HTTP POST, with Agave's answers and error codes (see {@link RpcError}), single calls and batches.
 * A test gives it blocks ({@link #addBlock}, or a {@link ChainBuilder}'s), moves the head
 * ({@link #setHead}), forks the chain ({@link #replaceFrom}), has getBlocks leave a block out
 * ({@link #unlist}) and makes it misbehave ({@link #misbehave}); it counts what it serves.
 *
 * <p>A slot up to the finalized head without a block is a skipped slot (-32007); above the head,
 * -32004. Below {@link #setFirstAvailableSlot the first available slot} a node answers from
 * long-term storage (missing: -32009), or, without it, -32001. getBlock and getBlocks refuse
 * {@code processed}, as nodes do; {@code confirmed} reads up to the confirmed head.
 *
 * <p>Every method is safe to call from any thread but the server's event loop; {@link #url} is the
 * endpoint to POST to.
 */
public final class SolanaRpcServer extends LoopbackServer {

  /** The method name that makes a fault apply to any method (after the faults given for the method). */
  public static final String ANY_METHOD = "*";

  /**
   * A name for getBlock calls asking for the block's header only ({@code transactionDetails:
   * "none"}, how a reader walks a fork back): faults given for it apply to those calls only, before
   * the faults given for getBlock; {@link #requests} counts them (they count as getBlock too).
   */
  public static final String GET_BLOCK_HEADER_ONLY = "getBlock/none";

  /** A request header naming the client, counted by {@link #httpRequestsFrom}. */
  public static final String CLIENT_HEADER = "x-client";

  private static final String JSON = "application/json; charset=utf-8";
  private static final String TEXT = "text/plain; charset=utf-8";

  private final SolanaLedger ledger = new SolanaLedger();
  private final FaultQueue faults = new FaultQueue();
  private final JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(new RpcMethods(ledger), faults);
  private final LongAdder httpRequests = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final Map<String, LongAdder> requestsByClient = new ConcurrentHashMap<>();

  private SolanaRpcServer(Vertx vertx, boolean ownsVertx) {
    super(vertx, ownsVertx);
    serve(this::handle);
  }

  /** A server on a Vert.x instance of its own, closed with it. */
  public static SolanaRpcServer start() {
    return startOnOwnVertx(vertx -> new SolanaRpcServer(vertx, true));
  }

  /** A server on {@code vertx}, which stays open when the server closes. */
  public static SolanaRpcServer start(Vertx vertx) {
    return listen(new SolanaRpcServer(vertx, false));
  }

  /**
   * The getBlock result for {@code slot}, in {@code json} or {@code jsonParsed} encoding (served in
   * the encoding given, whatever the request asks), encoded now: later changes to the object do not show.
   */
  public SolanaRpcServer addBlock(long slot, JsonObject block) {
    ledger.put(slot, block);
    return this;
  }

  public SolanaRpcServer addBlocks(Map<Long, JsonObject> blocks) {
    blocks.forEach(ledger::put);
    return this;
  }

  /** Removes the block at {@code slot}: at or below the finalized head it reads as skipped. */
  public SolanaRpcServer skip(long slot) {
    ledger.remove(slot);
    return this;
  }

  /**
   * getBlocks leaves {@code slot} out from now on while getBlock still serves its block: a provider
   * whose listing misses a block (until {@link #relist}).
   */
  public SolanaRpcServer unlist(long slot) {
    ledger.listed(slot, false);
    return this;
  }

  /** getBlocks lists {@code slot} again when it has a block. */
  public SolanaRpcServer relist(long slot) {
    ledger.listed(slot, true);
    return this;
  }

  /**
   * A fork: the blocks from {@code slot} on become {@code branch} (e.g. {@link ChainBuilder#fork}'s),
   * those of the old branch it lacks are gone. A reader during the change may see blocks of both.
   */
  public SolanaRpcServer replaceFrom(long slot, Map<Long, JsonObject> branch) {
    ledger.replaceFrom(slot, branch);
    return this;
  }

  /** The head at every commitment. */
  public SolanaRpcServer setHead(long slot) {
    for (Commitment commitment : Commitment.values()) {
      ledger.setHead(commitment, slot);
    }
    return this;
  }

  public SolanaRpcServer setHead(Commitment commitment, long slot) {
    ledger.setHead(commitment, slot);
    return this;
  }

  public long head(Commitment commitment) {
    return ledger.head(commitment);
  }

  /**
   * Where the node's own ledger starts (0 until set). Below it, with {@code longTermStorage} (as
   * providers have), blocks are still served and a missing one is -32009; without, every slot
   * below is -32001 and getBlocks starts at {@code slot}.
   */
  public SolanaRpcServer setFirstAvailableSlot(long slot, boolean longTermStorage) {
    ledger.setFirstAvailable(slot, longTermStorage);
    return this;
  }

  /** The next call of {@code method} (or of {@link #ANY_METHOD any}) meets {@code fault}. */
  public SolanaRpcServer misbehave(String method, RpcFault fault) {
    return misbehave(method, 1, fault);
  }

  /**
   * The next {@code times} calls of {@code method} meet {@code fault}, after the faults already
   * pending for it. Per-call faults (an error, a wrong result) change one call of a batch; the
   * others (HTTP status, delay, trickle, cut, truncated, not JSON) the whole HTTP response, the first one met
   * in a batch deciding.
   */
  public SolanaRpcServer misbehave(String method, int times, RpcFault fault) {
    faults.add(method, fault, times);
    return this;
  }

  /** Drops every pending fault. */
  public SolanaRpcServer behave() {
    faults.clear();
    return this;
  }

  /**
   * Calls of {@code method} (or of {@link #GET_BLOCK_HEADER_ONLY}) received, a batch counting each of
   * its calls.
   */
  public long requests(String method) {
    return dispatcher.calls(method);
  }

  /** HTTP requests received. */
  public long httpRequests() {
    return httpRequests.sum();
  }

  /** HTTP requests received with header {@value #CLIENT_HEADER} {@code client}: which of several readers asked. */
  public long httpRequestsFrom(String client) {
    LongAdder count = requestsByClient.get(client);
    return count == null ? 0 : count.sum();
  }

  /** Body bytes sent, in every response (a cut one counts what was sent). */
  public long bytesSent() {
    return bytesSent.sum();
  }

  /** The {@code params} of the last call of {@code method} that had some, as received; null if none. */
  public Object lastParams(String method) {
    return dispatcher.lastParams(method);
  }

  private void handle(HttpServerRequest request) {
    httpRequests.increment();
    String client = request.getHeader(CLIENT_HEADER);
    if (client != null) {
      requestsByClient.computeIfAbsent(client, c -> new LongAdder()).increment();
    }
    if (request.method() != HttpMethod.POST) {
      send(request.response().setStatusCode(405), TEXT, Buffer.buffer("Used HTTP Method is not allowed. POST or OPTIONS is required"));
      return;
    }
    request.body().map(dispatcher::answer).onComplete(answer -> {
      if (answer.succeeded()) {
        reply(request, answer.result());
      } else if (!request.response().closed()) {
        send(request.response().setStatusCode(500), TEXT, Buffer.buffer(String.valueOf(answer.cause())));
      }
    });
  }

  private void reply(HttpServerRequest request, JsonRpcDispatcher.Answer answer) {
    HttpServerResponse response = request.response();
    Buffer body = answer.body();
    RpcFault fault = answer.fault();
    if (fault == null) {
      send(response, JSON, body);
      return;
    }
    switch (fault.kind) {
      case DELAY -> vertx.setTimer(Math.max(1, fault.delay.toMillis()), t -> send(response, JSON, body));
      case TOO_MANY_REQUESTS -> send(response.setStatusCode(429)
          .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(fault.delay.toSeconds())), TEXT, reason(429));
      case HTTP_STATUS -> send(response.setStatusCode(fault.status), TEXT, reason(fault.status));
      case TRUNCATED_BODY -> send(response, JSON, body.slice(0, body.length() / 2));
      case NOT_JSON -> send(response, "text/html; charset=utf-8",
          Buffer.buffer("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"));
      case TRICKLE -> trickle(response.putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length())), body, 0, fault);
      case CUT_MID_BODY -> cut(request, body);
      default -> throw new IllegalStateException("not an HTTP-level fault: " + fault);
    }
  }

  /** Sends the body from {@code from} on, a chunk now and the rest later, until it is all sent or the client goes. */
  private void trickle(HttpServerResponse response, Buffer body, int from, RpcFault fault) {
    if (response.closed()) {
      return;
    }
    int to = Math.min(body.length(), from + fault.chunkBytes);
    bytesSent.add(to - from);
    if (to == body.length()) {
      response.end(body.getBuffer(from, to));
      return;
    }
    response.write(body.getBuffer(from, to));
    vertx.setTimer(Math.max(1, fault.delay.toMillis()), t -> trickle(response, body, to, fault));
  }

  /** Promises the whole body, sends half of it, and closes the connection. */
  private void cut(HttpServerRequest request, Buffer body) {
    Buffer half = body.slice(0, body.length() / 2);
    bytesSent.add(half.length());
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
        .write(half)
        .onComplete(written -> request.connection().close());
  }

  /** The whole body with its Content-Length: one write, however large (a 10 MB block included). */
  private void send(HttpServerResponse response, String contentType, Buffer body) {
    if (response.closed()) {
      return; // the client gave up (a delayed answer after its timeout)
    }
    bytesSent.add(body.length());
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
        .end(body);
  }

  private static Buffer reason(int status) {
    return Buffer.buffer(HttpResponseStatus.valueOf(status).reasonPhrase());
  }
}
