package io.swapflush.event;

/**
 * A source went back over a fork: the rows of slots {@code afterSlot + 1} to {@code throughSlot}
 * belong to blocks that are no longer on the chain, and the source goes on after {@code to}. The
 * flusher applies it after everything sent before it is durable and before anything sent after it:
 * the deletion and the checkpoint's move back commit in one transaction.
 */
public record Rewind(SourceCheckpoint to, long afterSlot, long throughSlot) {
}
