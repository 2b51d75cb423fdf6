package io.swapflush.processor.parse;

import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin-alphabet base58, as Solana uses for keys (32 bytes) and signatures (64 bytes). */
public final class Base58 {

  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEXES = new int[128];

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEXES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {
  }

  public static String encode(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    StringBuilder out = new StringBuilder();
    BigInteger value = new BigInteger(1, bytes);
    BigInteger base = BigInteger.valueOf(58);
    while (value.signum() > 0) {
      BigInteger[] qr = value.divideAndRemainder(base);
      out.append(ALPHABET.charAt(qr[1].intValue()));
      value = qr[0];
    }
    out.append("1".repeat(zeros));
    return out.reverse().toString();
  }

  /**
   * Whether {@code text} is base58 of a length that {@code bytes} bytes can have (32 bytes: 32 to 44
   * characters, fewer only with leading zero bytes, never fewer than the byte count; 64 bytes: 64 to 88). Cheap enough for every key of every transaction.
   */
  public static boolean looksLike(String text, int bytes) {
    int max = (int) Math.ceil(bytes * 1.3658); // log(256) / log(58)
    if (text.length() < bytes || text.length() > max) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || INDEXES[c] < 0) {
        return false;
      }
    }
    return true;
  }

  /** The number of bytes {@code text} decodes to, or -1 when it is not base58. */
  public static int decodedLength(String text) {
    byte[] bytes = decode(text);
    return bytes == null ? -1 : bytes.length;
  }

  /**
   * The bytes {@code text} stands for, or null when it is not base58. Quadratic in the length: for
   * keys, signatures and short instruction data.
   */
  public static byte[] decode(String text) {
    // base-256 digits of the value, little endian
    byte[] digits = new byte[text.length()];
    int length = 0;
    int zeros = 0;
    boolean leading = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int carry = c < 128 ? INDEXES[c] : -1;
      if (carry < 0) {
        return null;
      }
      if (leading && carry == 0) {
        zeros++;
        continue;
      }
      leading = false;
      for (int j = 0; j < length; j++) {
        carry += (digits[j] & 0xff) * 58;
        digits[j] = (byte) carry;
        carry >>= 8;
      }
      while (carry > 0) {
        digits[length++] = (byte) carry;
        carry >>= 8;
      }
    }
    byte[] bytes = new byte[zeros + length];
    for (int j = 0; j < length; j++) {
      bytes[bytes.length - 1 - j] = digits[j];
    }
    return bytes;
  }
}
