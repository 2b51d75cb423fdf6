package io.swapflush.bench;

import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.parse.Mints;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/**
 * Transactions at the live edge of the chain, after the rows of {@link GrowthTable}: one swap event
 * each, {@value GrowthTable#ROWS_PER_SLOT} a slot from {@code firstSlot} on, block times at 400 ms a
 * slot, of the pre-filled traders and mints (as skewed), read by source {@value #SOURCE} at dense
 * positions from 1 (its checkpoint rides along as the rpc source's does). Each is stamped at hand-off
 * with the epoch microsecond in {@code base_amount}, so the database can tell how long it took to be
 * committed (the slot is the chain's here).
 */
final class ChainEvents implements Handoffs {

  static final String SOURCE = "solana";

  private final long firstSlot;
  private final String[] signatures;
  private final String[] traders;
  private final String[] mints;
  private final String[] venues;

  ChainEvents(long firstSlot, int count, GrowthTable.Keys keys, long seed) {
    this.firstSlot = firstSlot;
    Random random = new Random(seed);
    signatures = new String[count];
    traders = new String[count];
    mints = new String[count];
    venues = new String[count];
    for (int i = 0; i < count; i++) {
      signatures[i] = HandoffEvents.key(random, 64);
      traders[i] = keys.traders().get(GrowthTable.skewed(random.nextDouble(), keys.traders().size()));
      mints[i] = keys.mints().get(GrowthTable.skewed(random.nextDouble(), keys.mints().size()));
      venues[i] = GrowthTable.VENUES.get(random.nextInt(GrowthTable.VENUES.size()));
    }
  }

  @Override
  public int size() {
    return signatures.length;
  }

  long firstSlot() {
    return firstSlot;
  }

  long lastSlot() {
    return slot(size() - 1);
  }

  private long slot(int i) {
    return firstSlot + i / GrowthTable.ROWS_PER_SLOT;
  }

  @Override
  public TransactionEvents transaction(int i) {
    long slot = slot(i);
    SwapEvent event = new SwapEvent(signatures[i], slot, GrowthTable.blockTime(slot), venues[i], traders[i], mints[i],
        Mints.SOL, i % 2 == 0 ? SwapEvent.Side.BUY : SwapEvent.Side.SELL,
        BigInteger.valueOf(HandoffEvents.epochMicros()), BigInteger.valueOf(50_000_000L + i), (short) 6, (short) 9);
    return new TransactionEvents(SOURCE, i + 1L, List.of(event));
  }
}
