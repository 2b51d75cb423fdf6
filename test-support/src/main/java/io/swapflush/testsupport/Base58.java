package io.swapflush.testsupport;

import java.util.Random;

/**
 * Random base58 values of the sizes Solana uses: 32-byte hashes and keys, 64-byte signatures. Only
 * encoding is needed here (the parser's decoder lives in processor-verticle, which depends on this
 * module, not the reverse).
 */
final class Base58 {

  private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();

  private Base58() {
  }

  /** {@code bytes} random bytes in base58: 32 for a blockhash, 64 for a signature. */
  static String random(Random random, int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return encode(value);
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
