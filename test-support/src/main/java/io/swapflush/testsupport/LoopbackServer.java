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
  private final HttpServer http;

  protected LoopbackServer(Vertx vertx, boolean ownsVertx) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.http = vertx.createHttpServer();
  }

  /** Serves what the subclass answers (set in its constructor, before it listens). */
  protected final void serve(Handler<HttpServerRequest> handler) {
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
    Await.result(((LoopbackServer) server).http.listen(0, "127.0.0.1"));
    return server;
  }

  public int port() {
    return http.actualPort();
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
