package io.swapflush.flusher;

/** What the flusher does with a message that does not fit in its buffer. */
public enum OverflowPolicy {
  /** Refuse it: the processor keeps it and pauses its source. Nothing is lost. The default. */
  BACKPRESSURE("backpressure"),
  /** Accept and discard it, counted in swap_events_dropped_total. */
  DROP_NEWEST("drop-newest"),
  /** Discard the oldest waiting transactions to make room, counted in swap_events_dropped_total. */
  DROP_OLDEST("drop-oldest");

  private final String label;

  OverflowPolicy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static OverflowPolicy ofLabel(String label) {
    for (OverflowPolicy policy : values()) {
      if (policy.label.equals(label)) {
        return policy;
      }
    }
    throw new IllegalArgumentException("unknown overflow policy " + label);
  }
}
