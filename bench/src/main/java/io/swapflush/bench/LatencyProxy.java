package io.swapflush.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that delays every chunk by a fixed one-way latency, in order: a database "far away"
 * (2.5 ms each way = 5 ms round trip). Plain threads, precise to well under a millisecond. It can
 * also stall: hold everything, connections open, like a database that stopped answering.
 */
final class LatencyProxy implements AutoCloseable {

  /** Its threads' names start with this. */
  static final String THREAD_NAME = "latency-proxy";

  private final ServerSocket server;
  private final long delayNanos;
  private final int targetPort;
  private volatile boolean closed;
  private volatile boolean stalled;

  LatencyProxy(int targetPort, double oneWayMs) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.delayNanos = (long) (oneWayMs * 1_000_000);
    this.targetPort = targetPort;
    Thread acceptor = new Thread(this::acceptLoop, THREAD_NAME);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  void stall(boolean stall) {
    stalled = stall;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        client.setTcpNoDelay(true);
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        upstream.setTcpNoDelay(true);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (!closed) {
          System.err.println("latency proxy: " + e);
        }
      }
    }
  }

  private record Chunk(long dueNanos, byte[] bytes) {
  }

  /** A reader thread stamps each chunk; a writer thread sends it when due. */
  private void pump(Socket from, Socket to) throws IOException {
    InputStream in = from.getInputStream();
    OutputStream out = to.getOutputStream();
    LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[64 * 1024];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          queue.put(new Chunk(System.nanoTime() + delayNanos, java.util.Arrays.copyOf(buffer, n)));
        }
      } catch (IOException | InterruptedException e) {
        // connection closed
      }
      queue.add(new Chunk(0, null));
    }, THREAD_NAME + "-reader");
    Thread writer = new Thread(() -> {
      try {
        while (true) {
          Chunk chunk = queue.take();
          if (chunk.bytes() == null) {
            break;
          }
          long wait = chunk.dueNanos() - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait);
          }
          while (stalled) {
            LockSupport.parkNanos(1_000_000);
          }
          out.write(chunk.bytes());
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // connection closed
      }
      close(from);
      close(to);
    }, THREAD_NAME + "-writer");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
  }
}
