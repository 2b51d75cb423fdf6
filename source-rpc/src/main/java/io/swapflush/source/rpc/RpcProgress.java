package io.swapflush.source.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/** The rpc source's place against the chain ({@link ChainProgress}), and what it skipped and forks it followed. */
final class RpcProgress extends ChainProgress {

  RpcProgress(MeterRegistry registry, String source) {
    super(registry, source);
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
}
