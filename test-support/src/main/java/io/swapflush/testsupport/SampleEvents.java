package io.swapflush.testsupport;

import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Distinct, valid swap events for tests that exercise the flusher rather than the parser. */
public final class SampleEvents {

  public static final String SOL = "So11111111111111111111111111111111111111112";

  private SampleEvents() {
  }

  /** Transaction number {@code n} at position {@code n}, with {@code events} events of distinct traders. */
  public static TransactionEvents tx(long n, int events) {
    List<SwapEvent> list = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      list.add(event("sig" + n, "trader" + i));
    }
    return new TransactionEvents(n, list);
  }

  public static SwapEvent event(String signature, String trader) {
    return event(signature, trader, 250_000_000L, 1_700_000_000L);
  }

  /** A trade of a slot and block time (epoch seconds, or null) of the caller's choosing. */
  public static SwapEvent event(String signature, String trader, long slot, Long blockTime) {
    return new SwapEvent(signature, slot, blockTime, "pump-fun", trader, "MintBase111", SOL,
        SwapEvent.Side.BUY, BigInteger.valueOf(1_000_000), BigInteger.valueOf(5_000), (short) 6, (short) 9);
  }
}
