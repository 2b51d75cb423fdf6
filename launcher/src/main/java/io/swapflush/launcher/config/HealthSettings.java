package io.swapflush.launcher.config;

/**
 * When {@code /health} stops answering 200 although everything is deployed.
 *
 * @param writeStallMs events have waited this long without a successful write (a locked table, a
 *     missing privilege, a dropped column, a database that is down)
 * @param sourceStallMs a positioned source has had input waiting this long without reading any
 * @param sourceLagMs what is durable is this far behind the source's input (the rpc source: behind
 *     the chain's head, by block time)
 */
public record HealthSettings(long writeStallMs, long sourceStallMs, long sourceLagMs) {

  public static final HealthSettings DEFAULTS = new HealthSettings(10_000, 30_000, 120_000);
}
