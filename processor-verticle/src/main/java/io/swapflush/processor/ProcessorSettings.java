package io.swapflush.processor;

import io.swapflush.processor.source.SourceSettings;

/**
 * The processor's part of the configuration, already validated.
 *
 * @param source where transactions come from
 * @param outboxSize transactions the processor holds for the flusher (refused or awaiting a reply)
 *     before it pauses its source; it resumes at half
 * @param retryMinMs first delay before re-sending a refused message; doubles up to {@code retryMaxMs}
 * @param retryMaxMs the cap of that delay
 * @param maxTransactionBytes the largest input document accepted (a line, a request body)
 * @param stopTimeoutMs how long stopping waits for the outbox to be accepted by the flusher
 */
public record ProcessorSettings(SourceSettings source, int outboxSize, long retryMinMs, long retryMaxMs,
                                int maxTransactionBytes, long stopTimeoutMs) {

  public static final ProcessorSettings DEFAULTS =
      new ProcessorSettings(new SourceSettings.Synthetic(400), 1000, 50, 2000, 1 << 20, 30_000);
}
