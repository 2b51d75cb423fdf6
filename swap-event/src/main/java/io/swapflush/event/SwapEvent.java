package io.swapflush.event;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One trader's net trade of one base mint in one transaction; the row of {@code swap_events}.
 * Key: (signature, trader, baseMint). Amounts are raw integer units; blockTime is epoch seconds or null.
 */
public record SwapEvent(
    String signature,
    long slot,
    Long blockTime,
    String venue,
    String trader,
    String baseMint,
    String quoteMint,
    Side side,
    BigInteger baseAmount,
    BigInteger quoteAmount,
    short baseDecimals,
    short quoteDecimals) {

  public SwapEvent {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(trader, "trader");
    Objects.requireNonNull(baseMint, "baseMint");
    Objects.requireNonNull(quoteMint, "quoteMint");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(baseAmount, "baseAmount");
    Objects.requireNonNull(quoteAmount, "quoteAmount");
  }

  public enum Side {
    BUY("buy"), SELL("sell");

    private final String label;

    Side(String label) {
      this.label = label;
    }

    /** The value stored in the {@code side} column. */
    public String label() {
      return label;
    }

    public static Side ofLabel(String label) {
      return switch (label) {
        case "buy" -> BUY;
        case "sell" -> SELL;
        default -> throw new IllegalArgumentException("side must be buy or sell, got " + label);
      };
    }
  }
}
