package io.swapflush.processor;

import io.swapflush.processor.signal.TriggerRule;
import io.swapflush.processor.signal.WindowSpec;
import io.swapflush.processor.source.SyntheticSettings;
import io.swapflush.source.SourceSettings;
import java.util.List;

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
 * @param windows the rolling windows of the per-mint counters
 * @param maxMints mints the counters keep at most (least recently traded evicted)
 * @param triggers alert rules
 */
public record ProcessorSettings(SourceSettings source, int outboxSize, long retryMinMs, long retryMaxMs,
                                int maxTransactionBytes, long stopTimeoutMs, List<WindowSpec> windows, int maxMints,
                                List<TriggerRule> triggers) {

  public static final ProcessorSettings DEFAULTS = new ProcessorSettings(new SyntheticSettings(400), 1000, 50,
      2000, 1 << 20, 30_000, List.of(WindowSpec.parse("1m"), WindowSpec.parse("5m")), 50_000, List.of());
}
