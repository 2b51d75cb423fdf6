package io.swapflush.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs as the Standard Webhooks spec says: {@code v1,} and the base64 HMAC-SHA256 of
 * {@code id.timestamp.body}, keyed with the secret's bytes ({@code whsec_} and base64; a secret
 * without that prefix is taken as its raw UTF-8 bytes, as some senders configure it).
 */
public final class WebhookSignature {

  private static final String PREFIX = "whsec_";

  private final byte[] key;

  public WebhookSignature(String secret) {
    this.key = secret.startsWith(PREFIX) ? Base64.getDecoder().decode(secret.substring(PREFIX.length()))
        : secret.getBytes(StandardCharsets.UTF_8);
    if (key.length == 0) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
  }

  /** Whether {@code secret} can be used: a {@code whsec_} secret must be base64 after the prefix. */
  public static String problemWith(String secret) {
    if (secret.isEmpty() || secret.equals(PREFIX)) {
      return "is empty";
    }
    if (secret.startsWith(PREFIX)) {
      try {
        Base64.getDecoder().decode(secret.substring(PREFIX.length()));
      } catch (IllegalArgumentException e) {
        return "is not base64 after whsec_";
      }
    }
    return null;
  }

  public String sign(String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] signed = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }
}
