package io.swapflush.event;

/**
 * A fork took slots {@code afterSlot + 1} to {@code throughSlot} of {@code source} off the chain:
 * alerts set off by its trades there are withdrawn.
 */
public record AlertRetraction(String source, long afterSlot, long throughSlot) {

  public boolean covers(Alert alert) {
    return source.equals(alert.source()) && alert.slot() > afterSlot && alert.slot() <= throughSlot;
  }
}
