package io.swapflush.parse;

import java.util.AbstractList;
import java.util.List;

/** Binary keys as base58 text, each encoded when first read and then kept: encoding costs a key's length squared. */
final class Base58Keys extends AbstractList<String> {

  private final List<byte[]> keys;
  private final String[] text;

  /** @throws InvalidTransactionException when a key is not 32 bytes long */
  Base58Keys(List<byte[]> keys) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).length != 32) {
        throw new InvalidTransactionException("invalid-key-length", "key " + i + " has " + keys.get(i).length
            + " bytes, not 32");
      }
    }
    this.keys = keys;
    this.text = new String[keys.size()];
  }

  @Override
  public String get(int index) {
    if (text[index] == null) {
      text[index] = Base58.encode(keys.get(index));
    }
    return text[index];
  }

  @Override
  public int size() {
    return keys.size();
  }
}
