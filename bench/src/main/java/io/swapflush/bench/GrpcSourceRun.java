package io.swapflush.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.HandOffCodec;
import io.swapflush.flusher.FlusherSettings;
import io.swapflush.flusher.FlusherVerticle;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.processor.signal.Metric;
import io.swapflush.processor.signal.TriggerRule;
import io.swapflush.processor.signal.WindowSpec;
import io.swapflush.source.grpc.GrpcSettings;
import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.GeyserServer;
import io.swapflush.testsupport.RealSizeBlocks;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The grpc source end to end: the test Geyser server (on an event loop of its own, in this JVM)
 * streams slots of the fixtures' swaps, each with a fresh signature, then each slot's block meta
 * and status; the real ProcessorVerticle follows it with the grpc source at its defaults and hands
 * the slots on to the real FlusherVerticle, both on one event loop as in the service.
 *
 * <p>{@link #saturated}: as fast as the pipeline takes them, the sender at most {@link #AHEAD_SLOTS}
 * slots ahead of what the processor has counted. {@link #paced}: a slot every 400 ms at a given
 * rate, with a trigger rule that fires on every swap, each transaction timed from its send to its
 * alert and to its row's {@code inserted_at}.
 */
final class GrpcSourceRun {

  static final long SLOT_NANOS = 400_000_000L;
  /** Transactions of a saturated row's slot: the non-vote transactions of the rpc rows' blocks (540). */
  static final int SATURATED_SLOT_TX = (int) Math.round(RealSizeBlocks.TRANSACTIONS * (1 - RealSizeBlocks.VOTE_SHARE));
  /**
   * Slots the saturated sender may be ahead of the processor's count: enough that the pipeline
   * never waits for the sender, few enough that the test server's queue stays bounded (it keeps
   * what HTTP/2 cannot take yet without limit).
   */
  static final int AHEAD_SLOTS = 16;
  private static final long FIRST_SLOT = 330_000_000;
  /** The rule of the paced rows: the 1 m trade count of a mint above 0, no cooldown: every swap event fires it. */
  static final TriggerRule EVERY_SWAP = new TriggerRule("every-swap", Metric.TRADES, WindowSpec.parse("1m"), 0, null,
      null, 0);

  private GrpcSourceRun() {
  }

  /** {@code processor.source} of type grpc with the defaults of its configuration (README) but the commitment. */
  static GrpcSettings source(String url, String commitment) {
    return new GrpcSettings(url, null, "solana", commitment, GrpcSettings.tradingPrograms(), null, null,
        GrpcSettings.DEFAULT_WATCHDOG_MS, GrpcSettings.DEFAULT_RECONNECT_MIN_MS, GrpcSettings.DEFAULT_RECONNECT_MAX_MS,
        GrpcSettings.DEFAULT_MAX_PENDING_SLOTS);
  }

  /**
   * {@code slots} slots of {@link #SATURATED_SLOT_TX} swaps at {@code confirmed}, streamed as fast as
   * taken; through the latency proxy when {@code rttMs} is above 0.
   */
  static GrpcRow saturated(String name, int slots, double rttMs, Workload workload, FlusherSettings flusher,
      int connections, GeyserSwaps swaps) {
    try (Pipeline pipeline = new Pipeline(workload, flusher, connections, "confirmed", rttMs, List.of(), null)) {
      long total = (long) slots * SATURATED_SLOT_TX;
      CpuSplit before = pipeline.cpu();
      long started = System.nanoTime();
      for (int i = 0; i < slots; i++) {
        long slot = FIRST_SLOT + i;
        while (i - pipeline.counted() / SATURATED_SLOT_TX >= AHEAD_SLOTS) {
          Workload.sleep(1);
        }
        for (int j = 0; j < SATURATED_SLOT_TX; j++) {
          pipeline.server.send(swaps.next(slot, j).update());
        }
        pipeline.endSlot(slot, SlotStatus.SLOT_CONFIRMED);
      }
      double read = pipeline.secondsUntilCounted(total, started);
      double durable = pipeline.secondsUntilDurable(slots, started);
      CpuSplit used = pipeline.cpu().less(before);
      return new GrpcRow(name, slots, total, workload.rows(), read, durable, GrpcRow.NONE, GrpcRow.NONE, GrpcRow.NONE,
          GrpcRow.NONE, GrpcRow.NONE, total - (long) RpcSourceRun.count(pipeline.registry, "swap.tx.processed"), used.jvm, used.loop,
          used.decode, used.server, used.machine - used.jvm);
    }
  }

  /**
   * {@code seconds} of slots every 400 ms, {@code ratePerSecond} × 0.4 swaps each. At {@code
   * confirmed} a slot's transactions, block meta and CONFIRMED status are sent together at the
   * slot's start (Yellowstone holds a confirmed subscriber's transactions until the slot is
   * confirmed); at {@code processed} the transactions are spread over the slot's 400 ms and its block
   * meta and PROCESSED status sent at its end.
   */
  static GrpcRow paced(String name, String commitment, int ratePerSecond, int seconds, Workload workload,
      FlusherSettings flusher, int connections, GeyserSwaps swaps) {
    int perSlot = Math.max(1, (int) (ratePerSecond * SLOT_NANOS / 1_000_000_000L));
    int slots = Math.max(1, (int) (seconds * 1_000_000_000L / SLOT_NANOS));
    boolean trickle = commitment.equals("processed");
    Map<String, long[]> alerted = new ConcurrentHashMap<>(); // signature: {alert nanos, its block handed on nanos}
    try (Pipeline pipeline = new Pipeline(workload, flusher, connections, commitment, 0, List.of(EVERY_SWAP), alert -> {
      long now = System.nanoTime();
      alerted.putIfAbsent(alert.getString("signature"), new long[] {now, now - alert.getLong("latencyMicros") * 1000});
    })) {
      Map<String, long[]> sent = new HashMap<>(); // signature: {send nanos, slot index}
      long[] slotEnds = new long[slots];
      long epochMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      long epochNanos = System.nanoTime();
      CpuSplit before = pipeline.cpu();
      long started = System.nanoTime() + 50_000_000L;
      for (int i = 0; i < slots; i++) {
        long slot = FIRST_SLOT + i;
        List<GeyserSwaps.Swap> block = new ArrayList<>(perSlot);
        for (int j = 0; j < perSlot; j++) {
          block.add(swaps.next(slot, j));
        }
        long slotStart = started + i * SLOT_NANOS;
        for (int j = 0; j < perSlot; j++) {
          parkUntil(trickle ? slotStart + j * SLOT_NANOS / perSlot : slotStart);
          long now = System.nanoTime();
          pipeline.server.send(block.get(j).update());
          sent.put(block.get(j).signature(), new long[] {now, i});
        }
        if (trickle) {
          parkUntil(slotStart + SLOT_NANOS);
        }
        slotEnds[i] = System.nanoTime();
        pipeline.endSlot(slot, trickle ? SlotStatus.SLOT_PROCESSED : SlotStatus.SLOT_CONFIRMED);
      }
      long total = (long) slots * perSlot;
      double read = pipeline.secondsUntilCounted(total, started);
      double durable = pipeline.secondsUntilDurable(slots, started);
      CpuSplit used = pipeline.cpu().less(before);
      Map<String, Double> stored = new HashMap<>(); // signature: inserted_at, epoch µs
      for (Row row : workload.db().query("SELECT signature, (extract(epoch FROM min(inserted_at)) * 1e6)::float8 "
          + "FROM swap_events GROUP BY signature")) {
        stored.put(row.getString(0), row.getDouble(1));
      }
      // an alert is published before its block is handed on: all are in once the rows are
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (alerted.size() < stored.size() && System.nanoTime() < deadline) {
        Workload.sleep(10);
      }
      Samples alertFromSend = new Samples(stored.size());
      Samples rowFromSend = new Samples(stored.size());
      Samples alertFromSlotEnd = new Samples(stored.size());
      Samples handedOnFromSend = new Samples(stored.size());
      Samples rowFromSlotEnd = new Samples(stored.size());
      long lost = total - stored.size();
      for (Map.Entry<String, Double> row : stored.entrySet()) {
        long[] send = sent.get(row.getKey());
        long rowNanos = epochNanos + (long) ((row.getValue() - epochMicros) * 1000);
        long[] alert = alerted.get(row.getKey());
        rowFromSend.add(rowNanos - send[0]);
        rowFromSlotEnd.add(rowNanos - slotEnds[(int) send[1]]);
        if (alert == null) {
          lost++;
        } else {
          alertFromSend.add(alert[0] - send[0]);
          alertFromSlotEnd.add(alert[0] - slotEnds[(int) send[1]]);
          handedOnFromSend.add(alert[1] - send[0]);
        }
      }
      return new GrpcRow(name, slots, total, workload.rows(), read, durable, millis(handedOnFromSend),
          millis(alertFromSend), millis(rowFromSend), millis(alertFromSlotEnd), millis(rowFromSlotEnd), lost, used.jvm, used.loop,
          used.decode, used.server, used.machine - used.jvm);
    }
  }

  /** {p50, p99} in ms. */
  private static double[] millis(Samples samples) {
    return new double[] {samples.percentile(50) / 1e6, samples.percentile(99) / 1e6};
  }

  private static void parkUntil(long deadlineNanos) {
    for (long left = deadlineNanos - System.nanoTime(); left > 0; left = deadlineNanos - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  /** CPU seconds: the JVM, the machine, the service's event loop, its workers, the test server and sender. */
  private record CpuSplit(double jvm, double machine, double loop, double decode, double server) {
    CpuSplit less(CpuSplit before) {
      return new CpuSplit(jvm - before.jvm, machine - before.machine, loop - before.loop, decode - before.decode,
          server - before.server);
    }
  }

  /**
   * The test server on a Vert.x of its own (behind the latency proxy when {@code rttMs} is above 0),
   * the flusher and the processor on one event loop (fresh tables), the processor subscribed; alerts
   * go to {@code alerts} (on the service's event loop) when set.
   */
  private static final class Pipeline implements AutoCloseable {
    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    final Vertx serverVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    final MeterRegistry registry = new SimpleMeterRegistry();
    final GeyserServer server;
    final Thread loop;
    final Thread serverThread;
    final Thread sender = Thread.currentThread();
    final LatencyProxy proxy;

    Pipeline(Workload workload, FlusherSettings flusher, int connections, String commitment, double rttMs,
        List<TriggerRule> triggers, java.util.function.Consumer<JsonObject> alerts) {
      workload.freshTables();
      server = GeyserServer.start(serverVertx);
      try {
        proxy = rttMs > 0 ? new LatencyProxy(server.port(), rttMs / 2) : null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String url = proxy == null ? server.url() : "http://127.0.0.1:" + proxy.port();
      serverThread = RpcSourceRun.eventLoop(serverVertx);
      loop = RpcSourceRun.eventLoop(vertx);
      HandOffCodec.registerOn(vertx);
      if (alerts != null) {
        Await.result(vertx.eventBus().<Alert>consumer(Addresses.ALERTS, m -> alerts.accept(new JsonObject(m.body().json())))
            .completion());
      }
      Await.result(vertx.deployVerticle(new FlusherVerticle(flusher, workload.options(),
          new PoolOptions().setMaxSize(connections), registry)));
      ProcessorSettings d = ProcessorSettings.DEFAULTS;
      Await.result(vertx.deployVerticle(new ProcessorVerticle(new ProcessorSettings(source(url, commitment),
          d.outboxSize(), d.retryMinMs(), d.retryMaxMs(), d.maxTransactionBytes(), d.stopTimeoutMs(), d.windows(),
          d.maxMints(), triggers), registry)));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (server.subscribers() < 1) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the grpc source did not subscribe within 30 s");
        }
        Workload.sleep(5);
      }
    }

    /** The slot's block meta (parent the slot before) and status; what the server keeps for replays trimmed. */
    void endSlot(long slot, SlotStatus status) {
      server.sendBlockMeta(slot, slot - 1, GeyserServer.blockTime(slot));
      server.sendSlot(slot, slot - 1, status);
      server.keepFrom(slot - 1);
    }

    double counted() {
      return RpcSourceRun.transactions(registry);
    }

    double secondsUntilCounted(long transactions, long started) {
      return RpcSourceRun.secondsUntil("transactions counted", this::counted, transactions, started);
    }

    double secondsUntilDurable(long slots, long started) {
      return RpcSourceRun.secondsUntil("swap.checkpoint.position",
          () -> RpcSourceRun.gauge(registry, "swap.checkpoint.position"), slots, started);
    }

    CpuSplit cpu() {
      return new CpuSplit(Cpu.seconds(), Cpu.machineSeconds(), Cpu.seconds(loop), Cpu.seconds(RpcSourceRun.WORKERS),
          Cpu.seconds(serverThread) + Cpu.seconds(sender) + Cpu.seconds(LatencyProxy.THREAD_NAME));
    }

    @Override
    public void close() {
      Await.result(vertx.close(), Duration.ofMinutes(2));
      if (proxy != null) {
        try {
          proxy.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      server.close();
      Await.result(serverVertx.close(), Duration.ofMinutes(1));
    }
  }
}
