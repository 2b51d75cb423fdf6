package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
  void textThatIsNotBase58HasNoLeadingBytes() {
    assertNull(Base58.leadingBytes("3Bxs4h24hBtQy9rw0", 8));
    assertNull(Base58.leadingBytes("1".repeat(40) + "I" + "2".repeat(40), 8));
    assertNull(Base58.decode("2".repeat(120) + "0"));
  }
}
