package io.swapflush.testsupport;

import java.math.BigInteger;
import java.util.Random;

/**
 * Base58 for tests: random values of the sizes Solana uses (32-byte hashes and keys, 64-byte
 * signatures), and decoding for the fixtures' protobuf form. The parser's fast codec lives in
 * solana-parse, whose tests depend on this module, not the reverse.
 */
final class Base58 {

  private static final String DIGITS = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final char[] ALPHABET = DIGITS.toCharArray();
  private static final BigInteger BASE = BigInteger.valueOf(58);

  private Base58() {
  }

  /** {@code bytes} random bytes in base58: 32 for a blockhash, 64 for a signature. */
  static String random(Random random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return encode(value);
  }

  /** The bytes {@code text} stands for: each leading '1' a zero byte, then the value's big-endian bytes. */
  static byte[] decode(String text) {
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    BigInteger value = BigInteger.ZERO;
    for (int i = zeros; i < text.length(); i++) {
      int digit = DIGITS.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException("not base58: " + text);
      }
      value = value.multiply(BASE).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
    int sign = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0; // toByteArray's sign byte
    byte[] bytes = new byte[zeros + magnitude.length - sign];
    System.arraycopy(magnitude, sign, bytes, zeros, magnitude.length - sign);
    return bytes;
  }

  static String encode(byte[] bytes) {
    // base-58 digits, little endian, built by repeated multiply-and-add over the input bytes
    byte[] digits = new byte[bytes.length * 2];
    int length = 0;
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    for (int i = zeros; i < bytes.length; i++) {
      int carry = bytes[i] & 0xff;
      for (int j = 0; j < length; j++) {
        carry += (digits[j] & 0xff) << 8;
        digits[j] = (byte) (carry % 58);
        carry /= 58;
      }
      while (carry > 0) {
        digits[length++] = (byte) (carry % 58);
        carry /= 58;
      }
    }
    StringBuilder text = new StringBuilder(zeros + length);
    text.append("1".repeat(zeros));
    for (int j = length - 1; j >= 0; j--) {
      text.append(ALPHABET[digits[j]]);
    }
    return text.toString();
  }
}
