package io.swapflush.parse;

import io.swapflush.event.SwapEvent.Side;
import io.swapflush.event.Uncertainty;
import java.math.BigInteger;

/**
 * One trader's trade of one base mint against one quote mint, made by the top-level instruction
 * {@code instruction} (the first of them when several were netted); {@code doubt} says why an
 * amount is not the venue's (null when both are). A decimals value is null when no token balance
 * names the mint (only a malformed transaction moves a mint no listed account holds).
 */
record Trade(String baseMint, String quoteMint, Side side, BigInteger baseAmount, BigInteger quoteAmount,
             Short baseDecimals, Short quoteDecimals, Uncertainty doubt, int instruction) {

  BigInteger signedBase() {
    return side == Side.BUY ? baseAmount : baseAmount.negate();
  }

  BigInteger signedQuote() {
    return side == Side.BUY ? quoteAmount.negate() : quoteAmount;
  }

  /** This trade, saying {@code reason} too unless it already says why. */
  Trade withDoubt(Uncertainty reason) {
    return new Trade(baseMint, quoteMint, side, baseAmount, quoteAmount, baseDecimals, quoteDecimals,
        doubt != null ? doubt : reason, instruction);
  }

  /** This trade and a later one of the same pair, netted: a buy and a sell leave what remains. */
  Trade nettedWith(Trade later) {
    BigInteger base = signedBase().add(later.signedBase());
    BigInteger quote = signedQuote().add(later.signedQuote());
    return new Trade(baseMint, quoteMint, base.signum() >= 0 ? Side.BUY : Side.SELL, base.abs(), quote.abs(),
        baseDecimals, quoteDecimals, doubt != null ? doubt : later.doubt, instruction);
  }

  boolean decimalsKnown() {
    return baseDecimals != null && quoteDecimals != null;
  }
}
