package io.swapflush.parse;

import java.util.List;

/** Well-known mints. Native SOL and wrapped SOL are one asset, named by the wrapped mint. */
public final class Mints {

  public static final String SOL = "So11111111111111111111111111111111111111112";
  public static final String USDC = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
  public static final String USDT = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB";

  /** Quote preference: the first of these that a trade moves is its quote. */
  static final List<String> QUOTES = List.of(USDC, USDT, SOL);

  static final short SOL_DECIMALS = 9;

  private Mints() {
  }
}
