package io.swapflush.flusher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swapflush.event.Addresses;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.swapflush.support.Backoff;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers the events the processor sends and writes them to PostgreSQL in batches: when a batch is
 * full or when the periodic timer fires, up to {@code maxInFlight} batches at once. Replies as soon as a message
 * is buffered, so the processor never waits for the database. A failed write is retried with
 * backoff; bad rows are set aside; at undeploy what the database cannot take in time is spilled to
 * disk and loaded again at the next start. Event loop only.
 */
public final class FlusherVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(FlusherVerticle.class);

  private final FlusherSettings settings;
  private final PgConnectOptions connectOptions;
  private final PoolOptions poolOptions;
  private final MeterRegistry registry;
  private final RateLimitedWarnings dropWarnings = new RateLimitedWarnings(log, 1000);
  private final RateLimitedWarnings retryWarnings = new RateLimitedWarnings(log, 1000);

  private EventBuffer buffer;
  private FlusherMetrics metrics;
  private Pool pool;
  private BatchWriter writer;
  private SpillDirectory spill;
  private Backoff backoff;
  private MessageConsumer<TransactionEvents> consumer;
  private MessageConsumer<String> checkpointQueries;
  private final CheckpointTracker checkpoints = new CheckpointTracker();
  private long flushTimer;
  private long retryTimer = -1;
  /** Writes in flight, each with its batch (at most {@code maxInFlight}). */
  private final Map<Future<Void>, List<TransactionEvents>> inFlight = new LinkedHashMap<>();
  private boolean stopping;
  /** Transactions loaded from spill files; the files go once all of these are committed. */
  private Set<TransactionEvents> unspilled = Collections.newSetFromMap(new IdentityHashMap<>());
  private List<String> spillFiles = List.of();

  public FlusherVerticle(FlusherSettings settings, PgConnectOptions connectOptions, PoolOptions poolOptions,
      MeterRegistry registry) {
    this.settings = settings;
    this.connectOptions = connectOptions;
    this.poolOptions = poolOptions;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    TransactionEventsCodec.registerOn(vertx);
    buffer = new EventBuffer(settings.maxQueue());
    metrics = new FlusherMetrics(registry, buffer);
    backoff = new Backoff(settings.retryMinMs(), settings.retryMaxMs());
    pool = PgBuilder.pool().with(poolOptions).connectingTo(connectOptions).using(vertx).build();
    spill = new SpillDirectory(vertx, settings.spillDir());
    writer = new BatchWriter(new SwapEventWriter(pool), new DeadLetters(pool), spill);
    return Future.join(SwapEventsSchema.ensure(pool).compose(v -> loadCheckpoints()), loadSpilled())
        .compose(v -> {
          checkpointQueries = vertx.eventBus().consumer(Addresses.CHECKPOINTS,
              query -> query.reply(checkpoints.position(query.body())));
          consumer = vertx.eventBus().consumer(Addresses.EVENTS, this::accept);
          return Future.join(checkpointQueries.completion(), consumer.completion());
        })
        .onSuccess(v -> flushTimer = vertx.setPeriodic(settings.flushIntervalMs(), id -> onTimer()))
        .onFailure(e -> metrics.close());
  }

  private Future<Void> loadCheckpoints() {
    return pool.query("SELECT source_id, position FROM swap_checkpoints").execute().map(rows -> {
      rows.forEach(row -> checkpoints.restore(row.getString(0), row.getLong(1)));
      metrics.checkpoints(checkpoints);
      return null;
    });
  }

  /** What a previous run spilled goes first, ahead of any new input. */
  private Future<Void> loadSpilled() {
    return spill.load().map(spilled -> {
      spilled.transactions().forEach(buffer::force);
      unspilled.addAll(spilled.transactions());
      spillFiles = spilled.files();
      if (!spillFiles.isEmpty()) {
        log.info("Loaded {} events from {} spill file(s) in {}", spilled.events(), spillFiles.size(),
            settings.spillDir());
      }
      return null;
    });
  }

  private void accept(Message<TransactionEvents> message) {
    TransactionEvents tx = message.body();
    if (message.headers().contains(EventsProtocol.FINAL_HANDOVER)) {
      buffer.force(tx);
    } else if (!buffer.offer(tx) && !overflow(tx)) {
      message.fail(EventsProtocol.BUFFER_FULL, "flusher buffer full: " + buffer.events() + " of "
          + settings.maxQueue() + " events held");
      return;
    }
    message.reply(null);
    fill(false);
  }

  /** Applies the drop policy to a message that did not fit; false means refuse it (backpressure). */
  private boolean overflow(TransactionEvents tx) {
    int dropped;
    switch (settings.overflow()) {
      case DROP_NEWEST -> {
        dropped = tx.size();
        checkpoints.done(List.of(tx));
      }
      case DROP_OLDEST -> {
        List<TransactionEvents> evicted = buffer.evictFor(tx.size());
        evicted.forEach(unspilled::remove);
        checkpoints.done(evicted);
        dropped = evicted.stream().mapToInt(TransactionEvents::size).sum();
        if (!buffer.offer(tx)) {
          // what is held is all being written and cannot be evicted: the newest goes instead
          checkpoints.done(List.of(tx));
          dropped += tx.size();
        }
      }
      default -> {
        return false;
      }
    }
    metrics.dropped.increment(dropped);
    dropWarnings.warn("Buffer full: dropped " + dropped + " events (flusher.overflow = " + settings.overflow().label()
        + ", " + (long) metrics.dropped.count() + " dropped so far)");
    return true;
  }

  /** The periodic flush: whatever waits goes, full batch or not; when idle, a trailing checkpoint goes. */
  private void onTimer() {
    fill(true);
    Map<String, Long> trailing = checkpoints.trailing();
    if (inFlight.isEmpty() && buffer.isEmpty() && !trailing.isEmpty() && retryTimer < 0 && !stopping) {
      write(List.of(), trailing).onComplete(this::afterWrite);
    }
  }

  /**
   * Starts writes while fewer than {@code maxInFlight} are in flight and a batch is due (a full one,
   * or any on the timer); none while a retry is scheduled or once the final drain has taken over.
   */
  private void fill(boolean partial) {
    while (!stopping && retryTimer < 0 && inFlight.size() < settings.maxInFlight() && !buffer.isEmpty()
        && (partial || buffer.waitingEvents() >= settings.batchSize())) {
      writeNextBatch().onComplete(this::afterWrite);
    }
  }

  private void afterWrite(AsyncResult<Void> result) {
    if (stopping) {
      return;
    }
    if (result.failed()) {
      if (retryTimer < 0) {
        retryTimer = vertx.setTimer(backoff.next(), id -> {
          retryTimer = -1;
          fill(true);
        });
      }
    } else {
      fill(false);
    }
  }

  /** Writes the batch at the head; on failure the batch goes back to the head, in order. */
  private Future<Void> writeNextBatch() {
    return write(buffer.takeBatch(settings.batchSize()), null);
  }

  /** Writes a batch (or, with no batch, only trailing checkpoints) and keeps it as in flight until done. */
  private Future<Void> write(List<TransactionEvents> batch, Map<String, Long> checkpointsOnly) {
    List<SwapEvent> events = new ArrayList<>();
    batch.forEach(tx -> events.addAll(tx.events()));
    Map<String, Long> checkpointsToCommit = checkpointsOnly != null ? checkpointsOnly : checkpoints.prospective(batch);
    Timer.Sample sample = Timer.start(registry);
    Future<Void> write = writer.write(events, checkpointsToCommit)
        .<Void>map(result -> {
          sample.stop(metrics.flushDuration);
          buffer.release(batch);
          metrics.flushes.increment();
          metrics.eventsWritten.increment(result.written());
          metrics.rejected.increment(result.rejected());
          backoff.reset();
          checkpoints.done(batch);
          checkpoints.persisted(checkpointsToCommit);
          metrics.checkpoints(checkpoints);
          committed(batch);
          return null;
        })
        .onFailure(e -> {
          buffer.returnToFront(batch);
          metrics.retries.increment();
          retryWarnings.warn("Batch of " + events.size() + " events not written, will retry: " + SqlErrors.describe(e));
        });
    inFlight.put(write, batch);
    return write.andThen(ar -> inFlight.remove(write));
  }

  private void committed(List<TransactionEvents> batch) {
    if (spillFiles.isEmpty()) {
      return;
    }
    batch.forEach(unspilled::remove);
    if (unspilled.isEmpty()) {
      List<String> files = spillFiles;
      spillFiles = List.of();
      spill.delete(files).onComplete(ar -> log.info("Spilled events all committed; deleted {} spill file(s){}",
          files.size(), ar.failed() ? " (failed: " + ar.cause().getMessage() + ")" : ""));
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(retryTimer);
    return Future.join(consumer.unregister(), checkpointQueries.unregister())
        .compose(v -> drain())
        .recover(timeout -> spillRemaining(timeout.getMessage()))
        .eventually(() -> {
          metrics.close();
          return pool.close();
        });
  }

  /** The final drain: after the write in flight, writes what is left until empty; fails at the drain timeout. */
  private Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    long deadline = vertx.setTimer(Math.max(1, settings.drainTimeoutMs()), id -> drained.tryFail(
        "final drain timed out after " + settings.drainTimeoutMs() + " ms"));
    drainStep(drained);
    return drained.future()
        .andThen(ar -> vertx.cancelTimer(deadline))
        .onSuccess(v -> log.info("Flusher drained"));
  }

  private void drainStep(Promise<Void> drained) {
    if (drained.future().isComplete()) {
      return;
    }
    Future<?> step;
    if (!inFlight.isEmpty()) {
      step = Future.join(new ArrayList<>(inFlight.keySet()));
    } else if (!buffer.isEmpty()) {
      step = writeNextBatch().recover(e -> after(backoff.next()));
    } else if (!checkpoints.trailing().isEmpty()) {
      step = write(List.of(), checkpoints.trailing()).recover(e -> after(backoff.next()));
    } else {
      drained.tryComplete();
      return;
    }
    step.onComplete(ar -> drainStep(drained));
  }

  /**
   * Keeps on disk whatever the database did not take in time, including batches still in flight (if
   * they commit after all, their rows are skipped when the file is loaded again).
   */
  private Future<Void> spillRemaining(String why) {
    List<TransactionEvents> remaining = new ArrayList<>();
    inFlight.values().forEach(remaining::addAll);
    remaining.addAll(buffer.waiting());
    int events = remaining.stream().mapToInt(TransactionEvents::size).sum();
    return spill.spill(remaining)
        .onSuccess(file -> log.warn("{}: spilled {} events to {}; they are loaded again at the next start",
            why, events, file))
        .onFailure(e -> log.error("{}: could not spill {} events to {}: {}", why, events, settings.spillDir(),
            e.getMessage()))
        .mapEmpty();
  }

  private Future<Void> after(long delayMs) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(delayMs, id -> promise.complete());
    return promise.future();
  }
}
