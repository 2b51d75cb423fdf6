package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58Test {

  @Test
  void leadingBytesAreThoseOfTheWholeDecoding() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(1_300)];
      random.nextBytes(bytes);
      int zeros = random.nextInt(12);
      for (int z = 0; z < Math.min(zeros, bytes.length); z++) {
        bytes[z] = 0;
      }
      if (bytes.length > zeros && random.nextBoolean()) {
        bytes[Math.min(zeros, bytes.length - 1)] = (byte) random.nextInt(2); // top digits near a byte boundary
      }
      String text = Base58.encode(bytes);
      int count = i % 2 == 0 ? 8 : 65;
      assertArrayEquals(Arrays.copyOf(bytes, Math.min(count, bytes.length)), Base58.leadingBytes(text, count), text);
    }
  }

  @Test
  void decodingIsTheInverseOfEncodingAtEveryLength() {
    Random random = new Random(11);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = new byte[random.nextInt(1_300)];
      random.nextBytes(bytes);
      for (int z = 0; z < Math.min(random.nextInt(4) * 40, bytes.length); z++) {
        bytes[z] = 0;
      }
      assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)));
    }
  }

  @Test
  void encodingWritesTheNumberInBase58WithAOneForEachLeadingZeroByte() {
    Random random = new Random(13);
    for (int i = 0; i < 40_000; i++) {
      byte[] bytes = randomBytes(random, 100, random.nextInt(4) == 0 ? random.nextInt(100) : 0);
      if (i % 10 == 0) {
        Arrays.fill(bytes, i % 20 == 0 ? (byte) 0xff : 0);
      }
      assertEquals(byDivision(bytes), Base58.encode(bytes));
    }
  }

  /** Below {@code maxLength} random bytes, the first {@code zeros} of them (as far as there are) zero. */
  private static byte[] randomBytes(Random random, int maxLength, int zeros) {
    byte[] bytes = new byte[random.nextInt(maxLength)];
    random.nextBytes(bytes);
    Arrays.fill(bytes, 0, Math.min(zeros, bytes.length), (byte) 0);
    return bytes;
  }

  /** The textbook conversion: one division of the whole number a digit. */
  private static String byDivision(byte[] bytes) {
    String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    StringBuilder digits = new StringBuilder();
    for (BigInteger value = new BigInteger(1, bytes); value.signum() > 0; value = value.divide(BigInteger.valueOf(58))) {
      digits.append(alphabet.charAt(value.mod(BigInteger.valueOf(58)).intValue()));
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      digits.append('1');
    }
    return digits.reverse().toString();
  }

  @Test
  void textThatIsNotBase58HasNoLeadingBytes() {
    assertNull(Base58.leadingBytes("3Bxs4h24hBtQy9rw0", 8));
    assertNull(Base58.leadingBytes("1".repeat(40) + "I" + "2".repeat(40), 8));
    assertNull(Base58.decode("2".repeat(120) + "0"));
  }
}
