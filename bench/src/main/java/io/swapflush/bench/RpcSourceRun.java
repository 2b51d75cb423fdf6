package io.swapflush.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOffCodec;
import io.swapflush.flusher.FlusherSettings;
import io.swapflush.flusher.FlusherVerticle;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.source.rpc.RpcSettings;
import io.swapflush.source.SourceSettings;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.RealSizeBlocks;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The rpc source end to end: the real ProcessorVerticle backfills the served chain over JSON-RPC
 * from its first block to {@code endSlot} (getSlot, getBlocks, getBlock; the source's defaults),
 * the real FlusherVerticle writes the events and checkpoints, both on one event loop as in the
 * service. Timed from the processor's deployment until the last block's checkpoint is committed.
 */
final class RpcSourceRun {

  private static final long TIMEOUT_NANOS = Duration.ofMinutes(10).toNanos();
  /** Where blocks are decoded and parsed: {@code executeBlocking} on the service's worker pool. */
  static final String WORKERS = "vert.x-worker-thread-";

  private RpcSourceRun() {
  }

  /** Blocks in flight by default (README, "Reading Solana over JSON-RPC"). */
  static final int DEFAULT_CONCURRENCY = 4;

  /**
   * {@code processor.source} of type rpc with the defaults of its configuration (README, "Reading
   * Solana over JSON-RPC") but {@code concurrency}: confirmed, no rate limit, version 0, 30 s timeout.
   */
  static RpcSettings source(String url, long startSlot, long endSlot, int concurrency) {
    return new RpcSettings(url, "solana", "confirmed", startSlot, endSlot, concurrency, 0, Map.of(), 0, 30_000, 400,
        64 << 20);
  }

  static RpcRow run(String name, ServedChain chain, String url, long endSlot, int concurrency, Workload workload,
      FlusherSettings flusher, int connections) {
    workload.freshTables();
    // one event loop, as the service runs by default: HTTP client, hand-off and flusher share it
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    MeterRegistry registry = new SimpleMeterRegistry();
    Promise<Void> finished = Promise.promise();
    try {
      HandOffCodec.registerOn(vertx);
      Await.result(vertx.eventBus().consumer(Addresses.SOURCE_FINISHED, message -> finished.tryComplete())
          .completion());
      Await.result(vertx.deployVerticle(new FlusherVerticle(flusher, workload.options(),
          new PoolOptions().setMaxSize(connections), registry)));
      Thread loop = eventLoop(vertx);
      ProcessorSettings d = ProcessorSettings.DEFAULTS;
      ProcessorSettings settings = new ProcessorSettings(source(url, chain.firstSlot(), endSlot, concurrency),
          d.outboxSize(), d.retryMinMs(), d.retryMaxMs(), d.maxTransactionBytes(), d.stopTimeoutMs(), d.windows(),
          d.maxMints(), d.triggers());
      long blocks = endSlot - chain.firstSlot() + 1;
      double cpu = Cpu.seconds();
      double machineCpu = Cpu.machineSeconds();
      double loopCpu = Cpu.seconds(loop);
      double decodeCpu = Cpu.seconds(WORKERS);
      double serverCpu = serverSeconds(chain);
      long started = System.nanoTime();
      Await.result(vertx.deployVerticle(new ProcessorVerticle(settings, registry)));
      // every transaction of the last block counted: it has been handed on to the flusher
      double read = secondsUntil("transactions counted", () -> transactions(registry),
          blocks * RealSizeBlocks.TRANSACTIONS, started);
      double durable = secondsUntil("swap.checkpoint.position", () -> gauge(registry, "swap.checkpoint.position"),
          blocks, started);
      // the source hears of the last durable block a moment after the checkpoint gauge moves
      secondsUntil("swap.source.slot", () -> gauge(registry, "swap.source.slot"), endSlot, started);
      double lag = gauge(registry, "swap.source.lag.slots");
      double cpuUsed = Cpu.seconds() - cpu;
      double loopUsed = Cpu.seconds(loop) - loopCpu;
      double decodeUsed = Cpu.seconds(WORKERS) - decodeCpu;
      double serverUsed = serverSeconds(chain) - serverCpu;
      double othersUsed = Cpu.machineSeconds() - machineCpu - cpuUsed;
      // the source ends by itself, as a backfill does: checked, not timed (its watch looks once a second)
      Await.result(finished.future(), Duration.ofSeconds(10));
      return new RpcRow(name, blocks, (long) transactions(registry), workload.rows(), (long) count(registry, "swap.rpc.bytes"), read,
          durable, lag, cpuUsed, loopUsed, decodeUsed, serverUsed, othersUsed);
    } finally {
      Await.result(vertx.close(), Duration.ofMinutes(2));
    }
  }

  /** The thread of a Vert.x instance with one event loop. */
  static Thread eventLoop(Vertx vertx) {
    Promise<Thread> thread = Promise.promise();
    vertx.runOnContext(v -> thread.complete(Thread.currentThread()));
    return Await.result(thread.future());
  }

  /** The test server's event loop and the proxy's threads: what a real deployment does not pay here. */
  private static double serverSeconds(ServedChain chain) {
    return Cpu.seconds(chain.serverThread()) + Cpu.seconds(LatencyProxy.THREAD_NAME);
  }

  /** Polls a meter (published by the verticles for any thread) from this thread until it reaches {@code value}. */
  static double secondsUntil(String name, DoubleSupplier meter, double value, long startedNanos) {
    while (meter.getAsDouble() < value) {
      if (System.nanoTime() - startedNanos > TIMEOUT_NANOS) {
        throw new IllegalStateException(name + " at " + meter.getAsDouble() + ", not " + value + ", after "
            + Duration.ofNanos(TIMEOUT_NANOS));
      }
      Workload.sleep(2);
    }
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** The gauge's value; -1 before the verticle registers it. */
  static double gauge(MeterRegistry registry, String name) {
    Gauge gauge = registry.find(name).gauge();
    return gauge == null ? -1 : gauge.value();
  }

  /** Every transaction of the blocks handed on: parsed, rejected, or left out before the parse. */
  static double transactions(MeterRegistry registry) {
    return count(registry, "swap.tx.processed") + count(registry, "swap.tx.skipped") + count(registry, "swap.tx.invalid");
  }

  /** Summed over the counter's tags. */
  static double count(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }
}
