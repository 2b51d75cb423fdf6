package io.swapflush.event;

import java.util.List;
import java.util.Set;

/**
 * A transaction read from the source: its signature, its swap events (none when it failed or traded
 * nothing), and what the parser could not decide from the venue's side ({@link Uncertainty}).
 */
public record ParsedTransaction(String signature, List<SwapEvent> events, Set<Uncertainty> uncertain) {
}
