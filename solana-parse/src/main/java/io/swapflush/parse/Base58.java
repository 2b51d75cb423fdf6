package io.swapflush.parse;

import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin-alphabet base58, as Solana uses for keys (32 bytes) and signatures (64 bytes). */
public final class Base58 {

  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final int[] INDEXES = new int[128];
  /** Leading digits {@link #leadingBytes} reads beyond those the bytes asked for need (58^12 > 2^70). */
  private static final int SPARE_DIGITS = 12;
  private static final BigInteger BASE = BigInteger.valueOf(58);
  /** Digits in a long: 58^10 < 2^63. */
  private static final int CHUNK_DIGITS = 10;
  /** Digits {@link #encode} makes a pass: 58^5 < 2^30, so a remainder and a 32-bit limb fit a long. */
  private static final int FIVE = 5;
  private static final long FIVE_DIGITS = 58L * 58 * 58 * 58 * 58;
  /** Longer text is decoded with word-sized arithmetic. */
  private static final int SHORT = 100;

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      INDEXES[ALPHABET.charAt(i)] = i;
    }
  }

  private Base58() {
  }

  /** Five digits a pass over the number, in word-sized arithmetic and one array: keys are encoded by the dozen. */
  public static String encode(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    // the value as big-endian 32-bit limbs, divided by 58^5 in place: five digits a pass
    int[] limbs = new int[(bytes.length - zeros + 3) / 4];
    for (int i = zeros; i < bytes.length; i++) {
      int fromEnd = bytes.length - 1 - i;
      limbs[limbs.length - 1 - fromEnd / 4] |= (bytes[i] & 0xff) << (8 * (fromEnd % 4));
    }
    char[] digits = new char[zeros + (bytes.length - zeros) * 138 / 100 + 1 + FIVE];
    int at = digits.length;
    int top = 0;
    while (top < limbs.length) {
      long remainder = 0;
      for (int i = top; i < limbs.length; i++) {
        long current = remainder << 32 | (limbs[i] & 0xffffffffL);
        limbs[i] = (int) (current / FIVE_DIGITS);
        remainder = current % FIVE_DIGITS;
      }
      while (top < limbs.length && limbs[top] == 0) {
        top++;
      }
      for (int d = 0; d < FIVE; d++) {
        digits[--at] = ALPHABET.charAt((int) (remainder % 58));
        remainder /= 58;
      }
    }
    // the last pass's leading zero digits pad its five; the zero bytes are digits of their own
    while (at < digits.length && digits[at] == '1') {
      at++;
    }
    for (int i = 0; i < zeros; i++) {
      digits[--at] = '1';
    }
    return new String(digits, at, digits.length - at);
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

  /** The bytes {@code text} stands for, or null when it is not base58. */
  public static byte[] decode(String text) {
    return text.length() <= SHORT ? decodeShort(text) : decodeLong(text);
  }

  /** Quadratic in the length, and allocation-free: for keys, signatures and short instruction data. */
  private static byte[] decodeShort(String text) {
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

  /** Word-sized arithmetic for long data (an event a program emits): ten digits at a time. */
  private static byte[] decodeLong(String text) {
    int zeros = leadingOnes(text);
    if (!isBase58(text, zeros)) {
      return null;
    }
    if (zeros == text.length()) {
      return new byte[zeros];
    }
    byte[] magnitude = value(text, zeros, text.length()).toByteArray();
    int sign = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
    byte[] bytes = new byte[zeros + magnitude.length - sign];
    System.arraycopy(magnitude, sign, bytes, zeros, magnitude.length - sign);
    return bytes;
  }

  /**
   * The first {@code count} bytes {@code text} stands for (all of them when it is shorter), or null
   * when it is not base58. Linear in the length: the value's top bytes follow from its leading
   * digits, bounded by what the remaining digits can add.
   */
  public static byte[] leadingBytes(String text, int count) {
    int zeros = leadingOnes(text);
    int digits = text.length() - zeros;
    int prefixDigits = count * 8 * 100 / 585 + 1 + SPARE_DIGITS; // log2(58) > 5.85 bits a digit
    if (digits <= prefixDigits || zeros >= count) {
      byte[] all = decode(text);
      return all == null || all.length <= count ? all : Arrays.copyOf(all, count);
    }
    if (!isBase58(text, zeros)) {
      return null;
    }
    BigInteger prefix = value(text, zeros, zeros + prefixDigits);
    BigInteger scale = BASE.pow(digits - prefixDigits);
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

  private static int leadingOnes(String text) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    return zeros;
  }

  private static boolean isBase58(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 128 || INDEXES[c] < 0) {
        return false;
      }
    }
    return true;
  }

  /** The value of the digits {@code text[from, to)}, all valid. */
  private static BigInteger value(String text, int from, int to) {
    BigInteger value = BigInteger.ZERO;
    for (int i = from; i < to; i += CHUNK_DIGITS) {
      int end = Math.min(to, i + CHUNK_DIGITS);
      long chunk = 0;
      long scale = 1;
      for (int j = i; j < end; j++) {
        chunk = chunk * 58 + INDEXES[text.charAt(j)];
        scale *= 58;
      }
      value = value.multiply(BigInteger.valueOf(scale)).add(BigInteger.valueOf(chunk));
    }
    return value;
  }
}
