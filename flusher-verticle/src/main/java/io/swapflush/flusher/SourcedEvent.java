package io.swapflush.flusher;

import io.swapflush.event.SwapEvent;

/**
 * An event with the source that read it ({@code swap_events.source_id}): a fork's rewind removes only
 * its own source's rows. Null for a source without positions, which never rewinds.
 */
public record SourcedEvent(String source, SwapEvent event) {
}
