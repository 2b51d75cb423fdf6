package io.swapflush.processor.parse;

import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin-alphabet base58, as Solana uses for keys (32 bytes) and signatures (64 bytes). */
public final class Base58 {

  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEXES = new int[128];
  /** Leading digits {@link #leadingBytes} reads exactly: 2^187, far more than the bytes asked for. */
  private static final int PREFIX_DIGITS = 32;
  private static final BigInteger BASE = BigInteger.valueOf(58);

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

  /**
   * The first {@code count} bytes {@code text} stands for (all of them when it is shorter), or null
   * when it is not base58. Linear in the length: the value's top bytes follow from its leading
   * digits, bounded by what the remaining digits can add.
   */
  public static byte[] leadingBytes(String text, int count) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    int digits = text.length() - zeros;
    if (digits <= PREFIX_DIGITS || zeros >= count) {
      byte[] all = decode(text);
      return all == null || all.length <= count ? all : Arrays.copyOf(all, count);
    }
    for (int i = zeros; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || INDEXES[c] < 0) {
        return null;
      }
    }
    BigInteger prefix = BigInteger.ZERO;
    for (int i = zeros; i < zeros + PREFIX_DIGITS; i++) {
      prefix = prefix.multiply(BASE).add(BigInteger.valueOf(INDEXES[text.charAt(i)]));
    }
    BigInteger scale = BASE.pow(digits - PREFIX_DIGITS);
    BigInteger low = prefix.multiply(scale);
    BigInteger high = low.add(scale).subtract(BigInteger.ONE);
    int lowBytes = (low.bitLength() + 7) / 8;
    int shift = (lowBytes - (count - zeros)) * 8;
    if (lowBytes != (high.bitLength() + 7) / 8 || !low.shiftRight(shift).equals(high.shiftRight(shift))) {
      byte[] all = decode(text);
      return Arrays.copyOf(all, count);
    }
    byte[] top = low.shiftRight(shift).toByteArray();
    byte[] bytes = new byte[count];
    int significant = count - zeros;
    System.arraycopy(top, Math.max(0, top.length - significant), bytes, zeros + Math.max(0, significant - top.length),
        Math.min(significant, top.length));
    return bytes;
  }
}
