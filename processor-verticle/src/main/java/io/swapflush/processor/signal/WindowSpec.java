package io.swapflush.processor.signal;

/** A rolling window length with the label it was configured by ("1m", "5m", "30s", "1h"). */
public record WindowSpec(String label, long lengthMs) {

  /** Parses {@code <n>s}, {@code <n>m} or {@code <n>h}; null when it is not such a duration. */
  public static WindowSpec parse(String label) {
    if (label == null || !label.matches("[1-9][0-9]{0,5}[smh]")) {
      return null;
    }
    long n = Long.parseLong(label.substring(0, label.length() - 1));
    long unit = switch (label.charAt(label.length() - 1)) {
      case 's' -> 1000L;
      case 'm' -> 60_000L;
      default -> 3_600_000L;
    };
    return new WindowSpec(label, n * unit);
  }
}
