package io.swapflush.processor.parse;

import io.swapflush.event.SwapEvent.Side;
import java.math.BigInteger;

/**
 * One trader's trade of one base mint against one quote mint; {@code doubt} says why an amount is
 * not the venue's (null when both are). A decimals value is null when no token balance names the
 * mint (only a malformed transaction moves a mint no listed account holds).
 */
record Trade(String baseMint, String quoteMint, Side side, BigInteger baseAmount, BigInteger quoteAmount,
             Short baseDecimals, Short quoteDecimals, Uncertainty doubt) {

  boolean decimalsKnown() {
    return baseDecimals != null && quoteDecimals != null;
  }
}
