package io.swapflush.processor.parse;

import io.swapflush.event.SwapEvent;
import java.util.List;

/** A transaction read from the source: its signature and its swap events (none when it failed or traded nothing). */
public record ParsedTransaction(String signature, List<SwapEvent> events) {
}
