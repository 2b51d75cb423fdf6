package io.swapflush.source.rpc;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * Where a chain source stands against the chain, as meters: the head, the last durable block, the
 * lag in slots and seconds. Shared by the sources that follow the chain (rpc, grpc), so that one
 * dashboard reads both. Written on the event loop, read by scrapes on any thread (volatile);
 * removed with the source.
 */
public class ChainProgress {

  protected final MeterRegistry registry;
  protected final String source;
  private final List<Gauge> gauges;
  private volatile long head = -1;
  private volatile long slot = -1;
  private volatile long blockTimeSeconds = -1;

  public ChainProgress(MeterRegistry registry, String source) {
    this.registry = registry;
    this.source = source;
    this.gauges = List.of(
        Gauge.builder("swap.source.head.slot", this, p -> p.head).tag("source", source)
            .description("The chain's head at the source's commitment, as last known").register(registry),
        Gauge.builder("swap.source.slot", this, p -> p.slot).tag("source", source)
            .description("Slot of the last block whose events are all durable").register(registry),
        Gauge.builder("swap.source.lag.slots", this, p -> p.head < 0 || p.slot < 0 ? 0 : Math.max(0, p.head - p.slot))
            .tag("source", source).description("Head slot minus the slot of the last durable block")
            .register(registry),
        Gauge.builder("swap.source.lag", this, p -> Math.max(0, p.lagSeconds())).baseUnit("seconds")
            .tag("source", source).description("Now minus the block time of the last durable block")
            .register(registry));
  }

  /** Now minus the block time of the last durable block; -1 before one is known. */
  public double lagSeconds() {
    long time = blockTimeSeconds;
    return time < 0 ? -1 : Math.max(0, System.currentTimeMillis() / 1000.0 - time);
  }

  public void head(long slot) {
    head = slot;
  }

  public long head() {
    return head;
  }

  /** The last block whose events are all durable. */
  public void durable(long blockSlot, Long blockTime) {
    slot = blockSlot;
    if (blockTime != null) {
      blockTimeSeconds = blockTime;
    }
  }

  public void close() {
    gauges.forEach(registry::remove);
  }
}
