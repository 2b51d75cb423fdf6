package io.swapflush.source.grpc;

import io.vertx.core.net.SocketAddress;
import java.net.URI;

/**
 * Where a Geyser server listens, from the URL a provider gives ({@code https://host[:port]}, TLS;
 * {@code http://host[:port]}, plaintext HTTP/2 as a validator's own plugin or a test serves it).
 */
public record GeyserEndpoint(String host, int port, boolean tls) {

  public static GeyserEndpoint parse(String url) {
    URI uri = URI.create(url);
    boolean tls = switch (String.valueOf(uri.getScheme())) {
      case "https" -> true;
      case "http" -> false;
      default -> throw new IllegalArgumentException("a Geyser endpoint is http:// or https://, not " + uri.getScheme()
          + "://");
    };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("a Geyser endpoint names a host: " + uri.getScheme() + "://host[:port]");
    }
    return new GeyserEndpoint(uri.getHost(), uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort(), tls);
  }

  public SocketAddress address() {
    return SocketAddress.inetSocketAddress(port, host);
  }
}
