package io.swapflush.processor.parse;

import io.swapflush.event.SwapEvent.Side;
import java.math.BigInteger;

/**
 * One trader's trade of one base mint against one quote mint; {@code doubt} says why an amount is
 * not the venue's (null when both are).
 */
record Trade(String baseMint, String quoteMint, Side side, BigInteger baseAmount, BigInteger quoteAmount,
             short baseDecimals, short quoteDecimals, Uncertainty doubt) {
}
