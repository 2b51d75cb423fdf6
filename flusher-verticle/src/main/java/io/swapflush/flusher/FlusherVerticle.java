package io.swapflush.flusher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOff;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.HandOffCodec;
import io.swapflush.support.Backoff;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers the events the processor sends and writes them to PostgreSQL in batches, up to
 * {@code maxInFlight} at once. Group commit: whatever waits is written as soon as a connection is
 * free, so under a light load an event is committed a round trip after it arrives, and under a
 * heavy one batches grow by themselves up to {@code batchSize}; {@link WriteScheduler} decides when
 * each write starts. Replies as soon as a message is buffered, so the processor never waits for the
 * database. Starts whether or not the database answers, and keeps trying to reach it; a failed write
 * is retried with backoff; bad rows are set aside; at undeploy what the database cannot take in time
 * is spilled to disk and loaded again at the next start. Event loop only.
 */
public final class FlusherVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(FlusherVerticle.class);
  /** The bound of one attempt to reach the database: a server that accepts but never answers holds nothing. */
  private static final long CONNECT_TIMEOUT_MS = 5_000;
  /** How often /health looks whether an operator has taken the set-aside spill files away. */
  private static final long SET_ASIDE_RECHECK_MS = 2_000;

  private final FlusherSettings settings;
  private final PgConnectOptions connectOptions;
  private final PoolOptions poolOptions;
  private final MeterRegistry registry;
  private final RateLimitedWarnings dropWarnings = new RateLimitedWarnings(log, 1000);
  private final RateLimitedWarnings retryWarnings = new RateLimitedWarnings(log, 1000);
  private final RateLimitedWarnings fencedWarnings = new RateLimitedWarnings(log, 1000);
  private final ReadingTerms terms = new ReadingTerms();

  private EventBuffer buffer;
  private FlusherMetrics metrics;
  private PgConnectOptions bounded;
  /** Replaced, with what writes through it, when the database stops answering on its connections. */
  private Pool pool;
  private BatchWriter writer;
  private RecentEvents recent;
  private SpillDirectory spill;
  private Backoff backoff;
  private MessageConsumer<HandOff> consumer;
  private MessageConsumer<String> checkpointQueries;
  private MessageConsumer<Object> statusQueries;
  private MessageConsumer<JsonObject> recentQueries;
  private final CheckpointTracker checkpoints = new CheckpointTracker();
  private final WriteHealth health = new WriteHealth();
  private WriteScheduler scheduler;
  private long connectTimer = -1;
  private long setAsideTimer = -1;
  private boolean connected;
  /** Writes in flight, each with its batch (at most {@code maxInFlight}). */
  private final Map<Future<Void>, Batch> inFlight = new LinkedHashMap<>();
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
    HandOffCodec.registerOn(vertx);
    buffer = new EventBuffer(settings.maxQueue());
    metrics = new FlusherMetrics(registry, health, settings.maxQueue());
    backoff = new Backoff(settings.retryMinMs(), settings.retryMaxMs());
    bounded = StatementBound.onServer(connectOptions);
    spill = new SpillDirectory(vertx, settings.spillDir());
    openPool();
    scheduler = new WriteScheduler(settings, buffer, inFlight.values(), checkpoints, backoff, System::nanoTime,
        this::timer, (batch, ended) -> write(batch).onComplete(ar -> ended.accept(ar.succeeded())));
    return checkSpillDirectory()
        .compose(v -> loadSpilled())
        .compose(v -> {
          checkpointQueries = vertx.eventBus().consumer(Addresses.CHECKPOINTS, this::checkpoint);
          statusQueries = vertx.eventBus().consumer(Addresses.FLUSHER_STATUS, query -> query.reply(status()));
          recentQueries = vertx.eventBus().consumer(Addresses.RECENT_EVENTS, this::recentEvents);
          consumer = vertx.eventBus().consumer(Addresses.EVENTS, this::accept);
          return Future.join(List.of(checkpointQueries.completion(), statusQueries.completion(),
              recentQueries.completion(), consumer.completion()));
        })
        // the first attempt is part of the start, so a reachable database is ready when it completes
        .compose(v -> connect())
        .onFailure(e -> metrics.close());
  }

  private void openPool() {
    pool = PgBuilder.pool().with(poolOptions).connectingTo(bounded).using(vertx).build();
    writer = new BatchWriter(new SwapEventWriter(pool), new DeadLetters(pool), spill);
    recent = new RecentEvents(pool);
  }

  /**
   * No answer within the bound on a connection of {@code silent}: the link is gone without a word
   * (half-open). Its connections are closed — which fails every statement still waiting on them, to
   * be written again — and new ones are opened. Only once per pool, however many writes noticed.
   */
  private <T> Future<T> noAnswer(Pool silent) {
    String why = "no answer from the database within " + StatementBound.onClientMs(bounded)
        + " ms: its connections are closed, the write goes again on new ones";
    if (silent == pool) {
      log.warn("{}", why);
      openPool();
      silent.close();
    }
    return Future.failedFuture(why);
  }

  /** Noticed at start, not at the shutdown that needs it; reported on /health, not fatal. */
  private Future<Void> checkSpillDirectory() {
    return spill.check().otherwise(e -> {
      String problem = "spill directory " + settings.spillDir() + " is not writable: " + e.getMessage();
      log.error("{}; events that cannot be written at shutdown would be lost", problem);
      health.spillProblem(problem);
      return null;
    });
  }

  /**
   * Prepares the schema and loads the checkpoints, retrying with backoff (each attempt bounded) for
   * as long as the database is down or does not answer; events are buffered meanwhile.
   */
  private Future<Void> connect() {
    return SwapEventsSchema.isCurrent(pool).timeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .compose(current -> current ? Future.succeededFuture() : migrate())
        .compose(v -> pool.query("SELECT source_id, position, cursor FROM swap_checkpoints").execute()
            .timeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS))
        .transform(ar -> {
          if (stopping) {
            return Future.succeededFuture();
          }
          if (ar.succeeded()) {
            ar.result().forEach(row -> checkpoints.restore(row.getString(0),
                new SourceCheckpoint(row.getLong(1), row.getString(2))));
            metrics.checkpoints(checkpoints);
            connected = true;
            health.connected();
            backoff.reset();
            log.info("Flusher connected to the database; {} source checkpoint(s) loaded", checkpoints.sources().size());
            scheduler.start();
          } else {
            String reason = SqlErrors.describe(ar.cause());
            health.notConnected(reason);
            long delay = backoff.next();
            retryWarnings.warn("Database not ready (" + reason + "); trying again in " + delay + " ms");
            connectTimer = vertx.setTimer(delay, id -> connect());
          }
          return Future.succeededFuture();
        });
  }

  /** Not bounded like a connection attempt: moving a large table's rows to a new layout takes minutes. */
  private Future<Void> migrate() {
    health.notConnected("bringing the schema up to date (a table with many rows is moved: minutes)");
    log.info("Bringing the schema up to date; on a table with many rows this takes minutes");
    long started = System.nanoTime();
    return SwapEventsSchema.ensure(pool).map(v -> {
      log.info("Schema up to date in {} ms", (System.nanoTime() - started) / 1_000_000);
      return v;
    });
  }

  /**
   * A source's checkpoint, once known: a source must not start before its checkpoint is loaded. With
   * {@link EventsProtocol#FRESH_CHECKPOINT}, a new reading term of a single-reader source starts from
   * the checkpoint as stored now; with {@link EventsProtocol#FROM_DATABASE}, a partition taken over
   * goes on from the later of what is stored and what this instance has handed on.
   */
  private void checkpoint(Message<String> query) {
    if (!connected) {
      query.fail(EventsProtocol.NOT_READY, "the flusher has not reached the database yet");
    } else if (query.headers().contains(EventsProtocol.FRESH_CHECKPOINT)) {
      newTerm(query);
    } else if (query.headers().contains(EventsProtocol.FROM_DATABASE)) {
      stored(query.body()).onComplete(ar -> {
        if (ar.failed()) {
          query.fail(EventsProtocol.NOT_READY, "checkpoint not read: " + SqlErrors.describe(ar.cause()));
          return;
        }
        checkpoints.restore(query.body(), ar.result());
        query.reply(checkpoints.position(query.body()).toJson());
      });
    } else {
      query.reply(checkpoints.position(query.body()).toJson());
    }
  }

  private void recentEvents(Message<JsonObject> query) {
    if (!connected) {
      query.fail(EventsProtocol.NOT_READY, "the flusher has not reached the database yet");
      return;
    }
    JsonObject ask = query.body();
    recent.page(ask.getLong("windowMs"), ask.getJsonObject("after"), ask.getInteger("limit"))
        .onComplete(ar -> {
          if (ar.succeeded()) {
            query.reply(ar.result());
          } else {
            query.fail(EventsProtocol.NOT_READY, "recent events not read: " + SqlErrors.describe(ar.cause()));
          }
        });
  }

  /**
   * A reading term of a source begins, here or (before) in another instance: what older terms left
   * waiting is dropped, and the source resumes from the checkpoint as stored now.
   */
  private void newTerm(Message<String> query) {
    String source = query.body();
    long term = Long.parseLong(query.headers().get(EventsProtocol.FRESH_CHECKPOINT));
    terms.begin(source, term);
    metrics.fenced.increment(buffer.dropOlder(source, term));
    published();
    stored(source).onComplete(ar -> {
      if (ar.failed()) {
        query.fail(EventsProtocol.NOT_READY, "checkpoint not read: " + SqlErrors.describe(ar.cause()));
        return;
      }
      checkpoints.rewound(source, ar.result());
      metrics.checkpoints(checkpoints);
      query.reply(ar.result().toJson());
    });
  }

  /** A source's checkpoint as stored now (another instance may have moved it); the start when none is. */
  private Future<SourceCheckpoint> stored(String source) {
    return pool.preparedQuery("SELECT position, cursor FROM swap_checkpoints WHERE source_id = $1")
        .execute(Tuple.of(source))
        .map(rows -> {
          SourceCheckpoint stored = SourceCheckpoint.START;
          for (var row : rows) {
            stored = new SourceCheckpoint(row.getLong(0), row.getString(1));
          }
          return stored;
        });
  }

  private JsonObject status() {
    return health.report().put("queuedEvents", buffer.events()).put("writesInFlight", inFlight.size());
  }

  /** What a previous run spilled goes first, ahead of any new input; an unreadable file does not stop the start. */
  private Future<Void> loadSpilled() {
    return spill.load().compose(spilled -> {
      spilled.transactions().forEach(buffer::force);
      unspilled.addAll(spilled.transactions());
      spillFiles = spilled.files();
      published();
      if (!spillFiles.isEmpty()) {
        log.info("Loaded {} events from {} spill file(s) in {}", spilled.events(), spillFiles.size(),
            settings.spillDir());
      }
      spilled.unreadable().forEach(this::unreadable);
      return watchSetAside();
    });
  }

  private void unreadable(SpillDirectory.Unreadable file) {
    metrics.corruptSpillFiles.increment();
    if (file.setAsideError() == null) {
      log.error("Spill file {} cannot be read ({}): set aside as {}.corrupt, its events not loaded; an operator must "
          + "recover what it holds", file.file(), file.reason(), file.file());
    } else {
      String problem = "spill file " + file.file() + " cannot be read (" + file.reason() + ") nor set aside ("
          + file.setAsideError() + ")";
      log.error("{}; its events are not loaded, and it is tried again at the next start", problem);
      health.spillProblem(problem);
    }
  }

  /**
   * Reports the set-aside spill files until an operator has taken them out of the directory, looking
   * again every few seconds, so /health recovers without a restart.
   */
  private Future<Void> watchSetAside() {
    return spill.setAside().onComplete(ar -> {
      if (ar.succeeded()) {
        health.setAsideSpills(ar.result());
      }
      if (!stopping && health.hasSetAsideSpills()) {
        setAsideTimer = vertx.setTimer(SET_ASIDE_RECHECK_MS, id -> watchSetAside());
      }
    }).otherwiseEmpty().mapEmpty();
  }

  /**
   * Takes a hand-off whole or, when it does not fit and the policy is to push back, refuses it whole.
   * A final handover and a hand-off with a rewind are never refused: a rewind dropped would leave
   * rows of blocks no longer on the chain.
   */
  private void accept(Message<HandOff> message) {
    HandOff handOff = message.body();
    boolean whatever = message.headers().contains(EventsProtocol.FINAL_HANDOVER) || handOff.hasRewind();
    if (!whatever && settings.overflow() == OverflowPolicy.BACKPRESSURE && !buffer.fits(weight(handOff))) {
      message.fail(EventsProtocol.BUFFER_FULL, "flusher buffer full: " + buffer.events() + " of "
          + settings.maxQueue() + " events held");
      return;
    }
    for (TransactionEvents tx : handOff.transactions()) {
      if (terms.isStale(tx)) {
        // read in a reading term that has ended: the new term reads it again from the database's checkpoint
        metrics.fenced.increment(tx.size());
      } else if (whatever || settings.overflow() == OverflowPolicy.BACKPRESSURE) {
        buffer.force(tx);
      } else if (!buffer.offer(tx)) {
        overflow(tx);
      }
    }
    message.reply(null);
    published();
    fill();
  }

  private static int weight(HandOff handOff) {
    int weight = 0;
    for (TransactionEvents tx : handOff.transactions()) {
      weight += EventBuffer.weight(tx);
    }
    return weight;
  }

  /** After any change of what the buffer holds: the gauges and the health see it. */
  private void published() {
    metrics.queued(buffer, oldestWaitingNanos());
    health.waiting(!buffer.isEmpty() || !inFlight.isEmpty());
  }

  /** When the oldest event not yet committed was accepted (nanoTime), or 0 when none waits. */
  private long oldestWaitingNanos() {
    long oldest = 0;
    for (Batch batch : inFlight.values()) {
      if (!batch.isEmpty() && (oldest == 0 || batch.acceptedNanos(0) - oldest < 0)) {
        oldest = batch.acceptedNanos(0);
      }
    }
    if (!buffer.isEmpty() && (oldest == 0 || buffer.oldestAcceptedNanos() - oldest < 0)) {
      oldest = buffer.oldestAcceptedNanos();
    }
    return oldest;
  }

  /** Applies the drop policy to a transaction that did not fit. */
  private void overflow(TransactionEvents tx) {
    int dropped;
    if (settings.overflow() == OverflowPolicy.DROP_NEWEST) {
      dropped = tx.size();
      checkpoints.done(List.of(tx));
    } else {
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
    metrics.dropped.increment(dropped);
    dropWarnings.warn("Buffer full: dropped " + dropped + " events (flusher.overflow = " + settings.overflow().label()
        + ", " + (long) metrics.dropped.count() + " dropped so far)");
  }

  /** The buffer gained something: whatever may go now goes. */
  private void fill() {
    scheduler.fill();
  }

  /** The scheduler's timers. */
  private WriteScheduler.Scheduled timer(long delayMs, Runnable task) {
    long id = vertx.setTimer(delayMs, t -> task.run());
    return () -> vertx.cancelTimer(id);
  }

  /**
   * Writes a batch (an empty one: only the trailing checkpoints) and keeps it as in flight until done;
   * on failure the batch goes back to the head of the buffer, in order.
   */
  private Future<Void> write(Batch batch) {
    List<SourcedEvent> events = new ArrayList<>();
    // one row per alert id in a statement: an upsert may not touch a row twice (a transaction read twice)
    Map<String, Alert> alerts = new LinkedHashMap<>();
    batch.forEach(tx -> {
      tx.events().forEach(event -> events.add(new SourcedEvent(tx.source(), event)));
      tx.alerts().forEach(alert -> alerts.putIfAbsent(alert.id(), alert));
    });
    Map<String, SourceCheckpoint> checkpointsToCommit = batch.isEmpty() ? checkpoints.trailing()
        : checkpoints.prospective(batch);
    Timer.Sample sample = Timer.start(registry);
    boolean rewind = EventBuffer.isRewind(batch);
    Pool used = pool;
    Future<Void> write = (rewind ? writer.rewind(batch.get(0))
        : writer.write(events, List.copyOf(alerts.values()), checkpointsToCommit, terms.of(batch)))
        .timeout(StatementBound.onClientMs(bounded), TimeUnit.MILLISECONDS)
        .recover(e -> e instanceof TimeoutException ? noAnswer(used) : Future.failedFuture(e))
        .<Void>map(result -> {
          sample.stop(metrics.flushDuration);
          metrics.committed(batch, System.nanoTime());
          buffer.release(batch);
          metrics.flushes.increment();
          metrics.eventsWritten.increment(result.written());
          metrics.rejected.increment(result.rejected());
          if (result.fenced()) {
            // another instance reads these sources in a newer term: this batch counts for nothing
            metrics.fenced.increment(events.size());
            fencedWarnings.warn("A batch of " + events.size() + " events was not written: another instance "
                + "reads its source now");
          } else if (rewind) {
            rewound(batch.get(0));
          } else {
            checkpoints.done(terms.current(batch));
            checkpoints.persisted(checkpointsToCommit);
          }
          metrics.checkpoints(checkpoints);
          committed(batch);
          return null;
        })
        .onFailure(e -> {
          buffer.returnToFront(batch);
          metrics.retries.increment();
          health.writeFailed(e);
          retryWarnings.warn("Batch of " + events.size() + " events not written, will retry: " + SqlErrors.describe(e));
        });
    inFlight.put(write, batch);
    return write.andThen(ar -> {
      inFlight.remove(write);
      if (ar.succeeded()) {
        health.writeSucceeded(!buffer.isEmpty() || !inFlight.isEmpty());
      }
      published();
    });
  }

  private void rewound(TransactionEvents tx) {
    checkpoints.rewound(tx.source(), tx.rewind().to());
    log.warn("Source {} went back over a fork: rows of slots {} to {} deleted, checkpoint back to position {}",
        tx.source(), tx.rewind().afterSlot() + 1, tx.rewind().throughSlot(), tx.rewind().to().position());
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
    scheduler.stop();
    vertx.cancelTimer(connectTimer);
    vertx.cancelTimer(setAsideTimer);
    return Future.join(List.of(consumer.unregister(), checkpointQueries.unregister(), statusQueries.unregister(),
            recentQueries.unregister()))
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
      step = drainWrite(buffer.takeBatch(settings.batchSize()));
    } else if (!checkpoints.trailing().isEmpty()) {
      step = drainWrite(Batch.EMPTY);
    } else {
      drained.tryComplete();
      return;
    }
    step.onComplete(ar -> drainStep(drained));
  }

  /** A failed write waits out the backoff before the next step; a successful one resets it, as the scheduler's do. */
  private Future<?> drainWrite(Batch batch) {
    return write(batch).onSuccess(v -> backoff.reset()).recover(e -> after(backoff.next()));
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
