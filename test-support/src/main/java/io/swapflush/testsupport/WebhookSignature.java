package io.swapflush.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks' v1 signature (https://www.standardwebhooks.com/): HMAC-SHA256, keyed with the
 * secret's bytes, of {@code "<id>.<timestamp>.<body>"}, in base64 and prefixed {@code v1,}.
 */
final class WebhookSignature {

  static final String SECRET_PREFIX = "whsec_";
  private static final String VERSION = "v1,";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The bytes after the prefix, not the secret string: a sender keying with the whole string must fail here. */
  private final SecretKeySpec key;

  WebhookSignature(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      throw new IllegalArgumentException("a Standard Webhooks secret starts with " + SECRET_PREFIX);
    }
    byte[] bytes = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    if (bytes.length == 0) {
      throw new IllegalArgumentException("the secret has no key after " + SECRET_PREFIX);
    }
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code v1,<base64>} for the content; the body as the bytes sent, since a re-encoded JSON would not match. */
  String sign(String id, String timestamp, byte[] body) {
    return VERSION + Base64.getEncoder().encodeToString(mac(id, timestamp, body));
  }

  /**
   * Whether one of the header's space-separated signatures is a v1 one of the content (a sender
   * rotating keys sends several). Compared as bytes in constant time, so that a forger cannot learn
   * the right one byte by byte from response times.
   */
  boolean verifies(String header, String id, String timestamp, byte[] body) {
    byte[] expected = mac(id, timestamp, body);
    boolean match = false;
    for (String candidate : header.trim().split(" +")) {
      if (candidate.startsWith(VERSION)) {
        match |= MessageDigest.isEqual(expected, decodeOrEmpty(candidate.substring(VERSION.length())));
      }
    }
    return match;
  }

  /** The timestamp as its header's text: what the sender signed, whatever a parse would make of it. */
  private byte[] mac(String id, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  private static byte[] decodeOrEmpty(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
