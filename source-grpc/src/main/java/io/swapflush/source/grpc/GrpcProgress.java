package io.swapflush.source.grpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.source.rpc.ChainProgress;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The grpc source's place against the chain (the rpc source's meters, {@link ChainProgress}) and
 * its stream: reconnects by cause, updates and bytes received, gaps the stream could not replay,
 * forks and dead slots followed.
 */
final class GrpcProgress extends ChainProgress {

  private final Gauge connected;
  /** By kind: looked up once, not for every update. */
  private final Map<SubscribeUpdate.UpdateOneofCase, Counter> messages = new EnumMap<>(
      SubscribeUpdate.UpdateOneofCase.class);
  private final Counter bytes;
  private volatile int streaming;

  GrpcProgress(MeterRegistry registry, String source) {
    super(registry, source);
    connected = Gauge.builder("swap.source.grpc.connected", this, p -> p.streaming).tag("source", source)
        .description("1 while a Subscribe stream is open, else 0").register(registry);
    bytes = Counter.builder("swap.source.grpc.received").baseUnit("bytes").tag("source", source)
        .description("Bytes of updates received (protobuf; a transaction update counted by its transaction)")
        .register(registry);
  }

  void streaming(boolean open) {
    streaming = open ? 1 : 0;
  }

  void reconnect(String cause) {
    counter("swap.source.grpc.reconnects", "Subscribe streams opened again, by why the last one ended", "cause", cause)
        .increment();
  }

  /** On the event loop. */
  void received(SubscribeUpdate.UpdateOneofCase kind) {
    messages.computeIfAbsent(kind, k -> counter("swap.source.grpc.messages", "Updates received, by kind", "kind",
        k.name().toLowerCase(Locale.ROOT))).increment();
  }

  /** On any thread: transactions are measured where they are parsed, off the event loop. */
  void receivedBytes(long count) {
    bytes.increment(count);
  }

  void gapFilled(long slots) {
    counter("swap.source.grpc.gaps.filled", "Gaps the stream could not replay, read over JSON-RPC", null, null)
        .increment();
    Counter.builder("swap.source.grpc.gap.slots").tag("source", source)
        .description("Slots read over JSON-RPC because the stream could not replay them").register(registry)
        .increment(slots);
  }

  void fork() {
    counter("swap.source.grpc.forks", "Blocks that did not follow the last block handed on", null, null).increment();
  }

  void deadSlot() {
    counter("swap.source.grpc.dead.slots", "Slots the stream said died, their transactions dropped or rewound", null,
        null).increment();
  }

  private Counter counter(String name, String description, String tag, String value) {
    Counter.Builder builder = Counter.builder(name).tag("source", source).description(description);
    return (tag == null ? builder : builder.tag(tag, value)).register(registry);
  }

  @Override
  public void close() {
    registry.remove(connected);
    super.close();
  }
}
