package io.swapflush.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.pgclient.PgConnectOptions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between a client and PostgreSQL that a test can cut (every connection closed, new
 * ones refused) and restore: a database outage without touching the shared server. It can also
 * freeze: the links stay open but every byte either way is dropped, a close does not pass, and new
 * connections are taken and then hear nothing — a partition or a half-open link, which sends
 * neither FIN nor RST.
 */
public final class TcpProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private final NetServer server;
  private final NetClient client;
  private final String targetHost;
  private final int targetPort;
  private volatile boolean cut;
  private volatile boolean frozen;

  private TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(this::connect);
  }

  /** A proxy to the database of {@code target}, listening on a free local port. */
  public static TcpProxy to(PgConnectOptions target) {
    TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
    Await.result(proxy.server.listen(0, "127.0.0.1"));
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** The target's options, reaching it through this proxy. */
  public PgConnectOptions options(PgConnectOptions target) {
    return new PgConnectOptions(target).setHost("127.0.0.1").setPort(port());
  }

  public void cut() {
    cut = true;
    sockets.forEach(NetSocket::close);
  }

  public void restore() {
    cut = false;
  }

  /** From now on nothing passes, either way, on any link; nothing is closed. */
  public void freeze() {
    frozen = true;
  }

  /** Bytes pass again; what was dropped meanwhile stays lost. */
  public void thaw() {
    frozen = false;
  }

  private void connect(NetSocket downstream) {
    if (cut) {
      downstream.close();
      return;
    }
    downstream.pause();
    client.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed() || cut) {
        downstream.close();
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      NetSocket upstream = ar.result();
      sockets.add(downstream);
      sockets.add(upstream);
      // while frozen a close does not pass either: the other end keeps its half-open link
      downstream.closeHandler(v -> {
        sockets.remove(downstream);
        if (!frozen) {
          upstream.close();
        }
      });
      upstream.closeHandler(v -> {
        sockets.remove(upstream);
        if (!frozen) {
          downstream.close();
        }
      });
      forward(downstream, upstream);
      forward(upstream, downstream);
      downstream.resume();
    });
  }

  /** Like {@code pipeTo}, with backpressure, but what arrives while frozen is dropped. */
  private void forward(NetSocket from, NetSocket to) {
    from.handler(bytes -> {
      if (frozen) {
        return;
      }
      to.write(bytes);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(v -> from.resume());
      }
    });
  }

  @Override
  public void close() {
    cut();
    Await.result(vertx.close());
  }
}
