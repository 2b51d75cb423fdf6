package io.swapflush.bench;

import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.parse.Base58;
import io.swapflush.parse.Mints;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * The events the processing loop hands off: one per transaction, real-size keys and signatures,
 * {@value #PER_SLOT} a slot from the first slot of a partition on (a live chain's writes, in the
 * newest partition), each stamped at hand-off with the epoch microsecond in {@code base_amount}, so
 * the database can tell how long it took to be committed.
 */
final class HandoffEvents implements Handoffs {

  /** The first slot of partition 1 389 of swap_events: 3.4 million events fit in it. */
  static final long FIRST_SLOT = 1389 * 216_000L;
  static final int PER_SLOT = 16;

  private final String[] signatures;
  private final String[] traders = new String[1000];
  private final String[] mints = new String[300];

  HandoffEvents(int count, long seed) {
    Random random = new Random(seed);
    signatures = new String[count];
    for (int i = 0; i < count; i++) {
      signatures[i] = key(random, 64);
    }
    for (int i = 0; i < traders.length; i++) {
      traders[i] = key(random, 32);
    }
    for (int i = 0; i < mints.length; i++) {
      mints[i] = key(random, 32);
    }
  }

  @Override
  public int size() {
    return signatures.length;
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  SwapEvent event(int i) {
    long micros = epochMicros();
    return new SwapEvent(signatures[i], FIRST_SLOT + i / PER_SLOT, micros / 1_000_000, "pump-fun",
        traders[i % traders.length], mints[i % mints.length], Mints.SOL,
        i % 2 == 0 ? SwapEvent.Side.BUY : SwapEvent.Side.SELL, BigInteger.valueOf(micros),
        BigInteger.valueOf(50_000_000L + i), (short) 6, (short) 9);
  }

  @Override
  public TransactionEvents transaction(int i) {
    return new TransactionEvents(TransactionEvents.NO_POSITION, List.of(event(i)));
  }

  /** A random real-size key: 64 bytes for a signature, 32 for an account, base58. */
  static String key(Random random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    b[0] |= 1;
    return Base58.encode(b);
  }
}
