package io.swapflush.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An alert a trigger rule set off on a trade: what destinations receive and what is stored with the
 * trade's transaction. Its id is the same whenever the same rule fires on the same mint for the same
 * transaction (a replay after a crash, another instance), so that receivers deduplicate by it.
 *
 * @param source the positioned source the trade came from (its rows are rewound by a fork), or null
 * @param firedAtMs wall-clock time the rule fired
 * @param receivedNanos when the transaction arrived (nanoTime, this process only): latency is measured from it
 * @param json the alert as destinations receive it (its {@code data}), encoded
 */
public record Alert(String id, String rule, String mint, String signature, long slot, String source, long firedAtMs,
                    long receivedNanos, String json) {

  /** The stable id of the alert {@code rule} sets off on {@code mint} in transaction {@code signature}. */
  public static String idOf(String rule, String mint, String signature) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      // NUL cannot occur in any of the three, so no two triples hash the same input
      byte[] digest = sha256.digest((rule + '\0' + mint + '\0' + signature).getBytes(StandardCharsets.UTF_8));
      return "alert_" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
