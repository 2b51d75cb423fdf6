package io.swapflush.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 connection driven by hand, so that a test can send half a request and stall, which
 * no HTTP client does. Answers are read until the server closes the connection.
 */
final class RawHttpConnection implements AutoCloseable {

  /** What the server answered before closing; status 0 when it closed without answering. */
  record Answer(int status, String head, String body) {

    String header(String name) {
      return head.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
    }
  }

  private final Socket socket;

  RawHttpConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
  }

  /** Sends the head of a request; {@code headers} are complete lines such as {@code "Content-Length: 10"}. */
  RawHttpConnection head(String method, String path, String... headers) throws IOException {
    return send("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n".formatted(method, path,
        headers.length == 0 ? "" : String.join("\r\n", headers) + "\r\n"));
  }

  RawHttpConnection send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return this;
  }

  /** Reads until the server closes the connection (fails after {@code timeout} without a close). */
  Answer readUntilClosed(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // a close with unread input arrives as a reset: still a close
    }
    String text = received.toString(StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      return new Answer(0, text, "");
    }
    return new Answer(Integer.parseInt(text.split(" ", 3)[1]), text.substring(0, split), text.substring(split + 4));
  }

  /** A whole request on a connection of its own, closed after the answer. */
  static Answer exchange(int port, String method, String path, String body) throws IOException {
    try (RawHttpConnection connection = new RawHttpConnection(port)) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      connection.head(method, path, "Connection: close", "Content-Type: application/json",
          "Content-Length: " + bytes.length).send(body);
      return connection.readUntilClosed(Duration.ofSeconds(30));
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
