package io.swapflush.flusher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swapflush.event.Addresses;
import io.swapflush.event.Backoff;
import io.swapflush.event.Refusals;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers the events the processor sends and writes them to PostgreSQL in batches: when a batch is
 * full or when the periodic timer fires, one batch in flight at a time. Replies as soon as a message
 * is buffered, so the processor never waits for the database. Event loop only.
 */
public final class FlusherVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(FlusherVerticle.class);

  private final FlusherSettings settings;
  private final PgConnectOptions connectOptions;
  private final PoolOptions poolOptions;
  private final MeterRegistry registry;

  private EventBuffer buffer;
  private FlusherMetrics metrics;
  private Pool pool;
  private SwapEventWriter writer;
  private Backoff backoff;
  private MessageConsumer<TransactionEvents> consumer;
  private long flushTimer;
  private long retryTimer = -1;
  private Future<Void> inFlight;
  private boolean stopping;

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
    writer = new SwapEventWriter(pool);
    return SwapEventsSchema.ensure(pool)
        .compose(v -> {
          consumer = vertx.eventBus().consumer(Addresses.EVENTS, this::accept);
          return consumer.completion();
        })
        .onSuccess(v -> flushTimer = vertx.setPeriodic(settings.flushIntervalMs(), id -> flushIfIdle()))
        .onFailure(e -> metrics.close());
  }

  private void accept(Message<TransactionEvents> message) {
    if (!buffer.offer(message.body())) {
      message.fail(Refusals.BUFFER_FULL, "flusher buffer full: " + buffer.events() + " of "
          + settings.maxQueue() + " events held");
      return;
    }
    message.reply(null);
    if (buffer.events() >= settings.batchSize()) {
      flushIfIdle();
    }
  }

  /** Starts a write unless one is in flight, a retry is scheduled or the final drain has taken over. */
  private void flushIfIdle() {
    if (!stopping && inFlight == null && retryTimer < 0 && !buffer.isEmpty()) {
      writeNextBatch().onComplete(ar -> {
        if (ar.failed()) {
          retryTimer = vertx.setTimer(backoff.next(), id -> {
            retryTimer = -1;
            flushIfIdle();
          });
        } else if (buffer.events() >= settings.batchSize()) {
          flushIfIdle();
        }
      });
    }
  }

  /** Writes the batch at the head; on failure the batch goes back to the head, in order. */
  private Future<Void> writeNextBatch() {
    List<TransactionEvents> batch = buffer.takeBatch(settings.batchSize());
    int events = batch.stream().mapToInt(TransactionEvents::size).sum();
    Timer.Sample sample = Timer.start(registry);
    inFlight = writer.write(batch)
        .andThen(ar -> inFlight = null)
        .<Void>map(inserted -> {
          sample.stop(metrics.flushDuration);
          buffer.release(batch);
          metrics.flushes.increment();
          metrics.eventsWritten.increment(events);
          backoff.reset();
          return null;
        })
        .onFailure(e -> {
          buffer.returnToFront(batch);
          metrics.retries.increment();
          log.warn("Batch of {} events not written, will retry: {}", events, e.toString());
        });
    return inFlight;
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(flushTimer);
    vertx.cancelTimer(retryTimer);
    retryTimer = -1;
    long deadline = System.currentTimeMillis() + settings.drainTimeoutMs();
    return consumer.unregister()
        .compose(v -> drain(deadline))
        .onSuccess(v -> log.info("Flusher drained"))
        .eventually(() -> {
          metrics.close();
          return pool.close();
        });
  }

  /** The final drain: after the write in flight, writes what is left until empty or past the deadline. */
  private Future<Void> drain(long deadline) {
    Future<Void> previous = inFlight == null ? Future.succeededFuture() : inFlight.otherwiseEmpty();
    return previous.compose(v -> {
      if (buffer.isEmpty()) {
        return Future.succeededFuture();
      }
      if (System.currentTimeMillis() >= deadline) {
        return Future.failedFuture("final drain timed out with " + buffer.events() + " events not written");
      }
      return writeNextBatch().transform(ar -> ar.succeeded() ? drain(deadline) : after(backoff.next())
          .compose(x -> drain(deadline)));
    });
  }

  private Future<Void> after(long delayMs) {
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(delayMs, id -> promise.complete());
    return promise.future();
  }
}
