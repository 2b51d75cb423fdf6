package io.swapflush.processor.signal;

/**
 * An alert rule: fires when {@code metric} over {@code window} rises above {@code above} for a mint
 * (only {@code mint}, when set), then stays quiet for that mint during {@code cooldownMs}. Volumes
 * are in units of {@code quoteMint}, which volume rules require.
 */
public record TriggerRule(String name, Metric metric, WindowSpec window, double above, String quoteMint, String mint,
                          long cooldownMs) {
}
