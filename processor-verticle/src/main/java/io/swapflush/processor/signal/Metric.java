package io.swapflush.processor.signal;

/** What a counter window measures and a trigger rule watches. */
public enum Metric {
  TRADES("trades"), BUYS("buys"), SELLS("sells"), BUY_VOLUME("buyVolume"), SELL_VOLUME("sellVolume"),
  TRADERS("traders"), BUY_SELL_RATIO("buySellRatio");

  private final String label;

  Metric(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public boolean isVolume() {
    return this == BUY_VOLUME || this == SELL_VOLUME;
  }

  public static Metric ofLabel(String label) {
    for (Metric metric : values()) {
      if (metric.label.equals(label)) {
        return metric;
      }
    }
    throw new IllegalArgumentException("unknown metric " + label);
  }
}
