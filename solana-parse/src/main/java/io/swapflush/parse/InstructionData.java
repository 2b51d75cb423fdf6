package io.swapflush.parse;

import java.util.Arrays;

/**
 * An instruction's raw data as it came: base58 text (JSON) or bytes (protobuf). Text is decoded only
 * as far as it is read: most instructions are told apart by their first bytes.
 */
sealed interface InstructionData {

  /** The first {@code count} bytes (all of them when shorter), or null when the text is not base58. */
  byte[] leadingBytes(int count);

  /** Whether the data is certainly longer than {@code bytes}: the text need not be decoded to know. */
  boolean longerThan(int bytes);

  /** The whole data, or null when the text is not base58. */
  byte[] bytes();

  record Base58Text(String text) implements InstructionData {

    @Override
    public byte[] leadingBytes(int count) {
      return Base58.leadingBytes(text, count);
    }

    @Override
    public boolean longerThan(int bytes) {
      // a base58 digit carries log2(58) > 5.85 bits (1.38 digits a byte), each leading zero byte one digit
      return text.length() > bytes * 138 / 100 + 1;
    }

    @Override
    public byte[] bytes() {
      return Base58.decode(text);
    }
  }

  record Raw(byte[] data) implements InstructionData {

    @Override
    public byte[] leadingBytes(int count) {
      return data.length <= count ? data : Arrays.copyOf(data, count);
    }

    @Override
    public boolean longerThan(int bytes) {
      return data.length > bytes;
    }

    @Override
    public byte[] bytes() {
      return data;
    }
  }
}
