package io.swapflush.processor.parse;

/** Why the parser could not decide an amount from the venue's side, or found a trade it did not report. */
public enum Uncertainty {
  /** An amount came from the trader's net balance change: no venue transfer showed it. */
  BALANCE_FALLBACK("balance-fallback"),
  /** The venue's transfers and the trader's balances disagree on which way a mint moved; balances kept. */
  DIRECTION_MISMATCH("direction-mismatch"),
  /** A pool paid SOL from its own balance in several trades of one transaction: the payout cannot be split. */
  SHARED_PAYOUT("shared-payout"),
  /** A call into a known pool moved funds that could not be tied to the trader's side. */
  UNRESOLVED_HOP("unresolved-hop"),
  /** Funds moved through a known pool and no swap event came out (a circular route, a deposit, or a miss). */
  NO_EVENT("no-event");

  private final String label;

  Uncertainty(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
