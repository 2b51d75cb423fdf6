package io.swapflush.parse;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * What a venue's own trade event says its swap moved of the traded token, read from the event the
 * program emits to itself inside the swap (Anchor's {@code emit_cpi}): Pump.fun's
 * {@code TradeEvent}, PumpSwap's {@code BuyEvent} and {@code SellEvent}. The transfers decide the
 * amounts; the event checks them. Layouts as pump-fun/pump-public-docs' IDLs and carbon's decoders
 * give them (offsets from the start of the instruction data, the 8-byte CPI tag included).
 */
final class TradeEvents {

  /** The event says {@code amount} of {@code mint} went to the trader ({@code paid}) or from it. */
  record Claim(String mint, BigInteger amount, boolean paid) {
  }

  private static final String PUMP_FUN = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
  private static final String PUMP_AMM = "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA";
  private static final byte[] TRADE_EVENT = HexFormat.of().parseHex("bddb7fd34ee661ee");
  private static final byte[] BUY_EVENT = HexFormat.of().parseHex("67f4521f2cf57777");
  private static final byte[] SELL_EVENT = HexFormat.of().parseHex("3e2f370aa503dc2a");
  /** CPI tag, event tag, mint, SOL amount, token amount, direction. */
  private static final int PUMP_FUN_FIELDS = 65;
  /** PumpSwap's buy and sell name the pool's base mint as their account 3. */
  private static final int PUMP_AMM_BASE_MINT = 3;

  private TradeEvents() {
  }

  /** Whether the program emits an event this class reads (so that only those are decoded). */
  static boolean reads(String program) {
    return program.equals(PUMP_FUN) || program.equals(PUMP_AMM);
  }

  /** What {@code event}, emitted inside {@code swap}, claims; null when it is no trade event read here. */
  static Claim of(Instruction swap, Instruction event) {
    // the fields read lie in the first 65 bytes: the rest of the event is never decoded
    byte[] data = event.data() == null ? null : event.data().leadingBytes(PUMP_FUN_FIELDS);
    if (data == null || data.length < 16) {
      return null;
    }
    byte[] discriminator = Arrays.copyOfRange(data, 8, 16);
    if (swap.program().equals(PUMP_FUN) && Arrays.equals(discriminator, TRADE_EVENT) && data.length >= PUMP_FUN_FIELDS) {
      byte[] mint = Arrays.copyOfRange(data, 16, 48);
      return new Claim(Base58.encode(mint), u64(data, 56), data[64] != 0);
    }
    boolean buy = Arrays.equals(discriminator, BUY_EVENT);
    boolean sell = Arrays.equals(discriminator, SELL_EVENT);
    if (swap.program().equals(PUMP_AMM) && (buy || sell) && data.length >= 32
        && swap.accountCount() > PUMP_AMM_BASE_MINT) {
      return new Claim(swap.account(PUMP_AMM_BASE_MINT), u64(data, 24), buy);
    }
    return null;
  }

  private static BigInteger u64(byte[] data, int at) {
    byte[] bigEndian = new byte[8];
    for (int i = 0; i < 8; i++) {
      bigEndian[i] = data[at + 7 - i];
    }
    return new BigInteger(1, bigEndian);
  }
}
