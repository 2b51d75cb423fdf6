package io.swapflush.launcher;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call the admin routes. On a loopback {@code http.host} they are open to local callers;
 * when {@code SWAPFLUSH_ADMIN_TOKEN} is set they require {@code Authorization: Bearer <token>}
 * wherever the server listens; on any other host without a token they are disabled.
 */
final class AdminAccess {

  enum Decision { ALLOWED, UNAUTHORIZED, DISABLED }

  private final byte[] token;
  private final boolean enabled;

  private AdminAccess(String token, boolean enabled) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.enabled = enabled;
  }

  static AdminAccess of(String httpHost, String token) {
    boolean hasToken = token != null && !token.isEmpty();
    return new AdminAccess(hasToken ? token : null, hasToken || isLoopback(httpHost));
  }

  boolean enabled() {
    return enabled;
  }

  Decision check(HttpServerRequest request) {
    if (!enabled) {
      return Decision.DISABLED;
    }
    if (token == null) {
      return Decision.ALLOWED;
    }
    String header = request.getHeader("authorization");
    byte[] presented = header != null && header.startsWith("Bearer ")
        ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
    // constant time: the comparison does not reveal how much of the token was right
    return MessageDigest.isEqual(token, presented) ? Decision.ALLOWED : Decision.UNAUTHORIZED;
  }

  /** Judged from the literal, without a DNS lookup on the event loop. */
  static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
  }
}
