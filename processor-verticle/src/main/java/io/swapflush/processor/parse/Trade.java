package io.swapflush.processor.parse;

import io.swapflush.event.SwapEvent.Side;
import java.math.BigInteger;

/** One trader's net trade of one base mint against one quote mint. */
record Trade(String baseMint, String quoteMint, Side side, BigInteger baseAmount, BigInteger quoteAmount,
             short baseDecimals, short quoteDecimals) {
}
