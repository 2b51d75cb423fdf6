package io.swapflush.source.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * Where the rpc source stands against the chain, as meters: the head, the last durable block, the
 * lag in slots and seconds, skipped slots and transactions, forks. Written on the event loop,
 * read by scrapes on any thread (volatile); removed with the source.
 */
final class RpcProgress {

  private final MeterRegistry registry;
  private final String source;
  private final List<Gauge> gauges;
  private volatile long head = -1;
  private volatile long slot = -1;
  private volatile long blockTimeSeconds = -1;

  RpcProgress(MeterRegistry registry, String source) {
    this.registry = registry;
    this.source = source;
    this.gauges = List.of(
        Gauge.builder("swap.source.head.slot", this, p -> p.head).tag("source", source)
            .description("The chain's head at the source's commitment, as last asked").register(registry),
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
  double lagSeconds() {
    long time = blockTimeSeconds;
    return time < 0 ? -1 : Math.max(0, System.currentTimeMillis() / 1000.0 - time);
  }

  void head(long slot) {
    head = slot;
  }

  /** The last block whose events are all durable. */
  void durable(long blockSlot, Long blockTime) {
    slot = blockSlot;
    if (blockTime != null) {
      blockTimeSeconds = blockTime;
    }
  }

  void handedOn(Map<String, Integer> skipped) {
    skipped.forEach((reason, count) -> Counter.builder("swap.tx.skipped").tag("reason", reason)
        .description("Block transactions left out before the full parse, by reason").register(registry)
        .increment(count));
  }

  void skippedSlots(long count) {
    Counter.builder("swap.rpc.skipped.slots").tag("source", source)
        .description("Slots without a block, as getBlocks lists them").register(registry).increment(count);
  }

  void fork() {
    Counter.builder("swap.rpc.forks").tag("source", source)
        .description("Blocks that did not follow the last block read").register(registry).increment();
  }

  void close() {
    gauges.forEach(registry::remove);
  }
}
