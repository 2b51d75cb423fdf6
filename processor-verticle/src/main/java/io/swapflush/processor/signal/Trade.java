package io.swapflush.processor.signal;

/** One swap as the counters see it: when, which way, how much of which quote, by whom. */
record Trade(long atMs, boolean buy, String quoteMint, double quoteUnits, String trader) {
}
