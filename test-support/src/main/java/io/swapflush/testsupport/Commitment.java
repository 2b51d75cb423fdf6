package io.swapflush.testsupport;

import java.util.Locale;

/** The commitment levels a Solana node serves, from the least to the most final. */
public enum Commitment {
  PROCESSED, CONFIRMED, FINALIZED;

  /** The request's {@code commitment}; a node's default is {@code finalized}. */
  static Commitment parse(String name) {
    if (name == null) {
      return FINALIZED;
    }
    for (Commitment commitment : values()) {
      if (commitment.name().toLowerCase(Locale.ROOT).equals(name)) {
        return commitment;
      }
    }
    throw new RpcFailure(RpcError.invalidParams(
        "unknown variant `" + name + "`, expected one of `processed`, `confirmed`, `finalized`"));
  }
}
