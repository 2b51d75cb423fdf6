package io.swapflush.event;

/** Why the parser could not decide an amount from the venue's side, or found a trade it did not report. */
public enum Uncertainty {
  /** An amount came from the trader's net balance change: the venues showed only the other side. */
  BALANCE_FALLBACK("balance-fallback"),
  /** The venue's transfers and the trader's balances disagree on which way a mint moved; the venue's kept. */
  DIRECTION_MISMATCH("direction-mismatch"),
  /** A pool paid SOL from its own balance in several trades of one transaction: the payout cannot be split. */
  SHARED_PAYOUT("shared-payout"),
  /** A call into a known pool moved funds that could not be tied to the trader's side. */
  UNRESOLVED_HOP("unresolved-hop"),
  /** Funds moved through a known pool's swap and no swap event came out (a circular route, or a miss). */
  NO_EVENT("no-event"),
  /** An instruction of a known pool or router that no decoder knows: not taken for a trade, counted. */
  UNKNOWN_INSTRUCTION("unknown-instruction"),
  /** A venue's own trade event disagrees with its swap's transfers of the traded token; the transfers kept. */
  EVENT_MISMATCH("event-mismatch");

  private final String label;

  Uncertainty(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
