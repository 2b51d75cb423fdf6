package io.swapflush.testsupport;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test server over HTTP on a free loopback port, on a Vert.x instance of its own (closed with
 * it) or a test's (left open). As a field registered with {@code @RegisterExtension}, a server of
 * each test's own is closed after the test. Start and close block until done.
 */
public abstract class LoopbackServer implements AutoCloseable, AfterEachCallback {

  protected final Vertx vertx;
  private final boolean ownsVertx;
  /** Replaced by {@link #listenAgain}: a closed Vert.x server is not reopened. */
  private volatile HttpServer http;
  private Handler<HttpServerRequest> handler;
  /** The port of the first listen, kept across {@link #stopListening}: clients keep their URL. */
  private volatile int port;
  /** Its own lock, not the server's monitor, which a subclass's event-loop code may take. */
  private final Object listening = new Object();

  protected LoopbackServer(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.http = vertx.createHttpServer();
  }

  /** Serves what the subclass answers (set in its constructor, before it listens). */
  protected final void serve(Handler<HttpServerRequest> handler) {
    this.handler = handler;
    http.requestHandler(handler);
  }

  /** {@code server} made on a Vert.x instance of its own and listening; the instance is closed when that fails. */
  protected static <S extends LoopbackServer> S startOnOwnVertx(Function<Vertx, S> server) {
    Vertx vertx = Vertx.vertx();
    try {
      return listen(server.apply(vertx));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  protected static <S extends LoopbackServer> S listen(S server) {
    LoopbackServer loopback = server;
    loopback.port = Await.result(loopback.http.listen(0, "127.0.0.1")).actualPort();
    return server;
  }

  /**
   * Closes the listening socket and the open connections, the Vert.x instance left running: a
   * client now meets connection refused, as from a process that went down. Blocks until done.
   */
  protected final void stopListening() {
    synchronized (listening) {
      Await.result(http.close());
    }
  }

  /** Listens again on the same port (after {@link #stopListening}), with the same handler. Blocks until done. */
  protected final void listenAgain() {
    synchronized (listening) {
      HttpServer again = vertx.createHttpServer().requestHandler(handler);
      Await.result(again.listen(port, "127.0.0.1"));
      http = again;
    }
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Stops listening, and closes the Vert.x instance when it is the server's own. */
  @Override
  public void close() {
    Await.result(ownsVertx ? vertx.close() : http.close());
  }
}
