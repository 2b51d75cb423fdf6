package io.swapflush.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.support.Backoff;
import io.swapflush.support.RateLimitedWarnings;
import io.swapflush.event.Addresses;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.swapflush.processor.parse.InvalidTransactionException;
import io.swapflush.processor.parse.ParsedTransaction;
import io.swapflush.processor.parse.TransactionParser;
import io.swapflush.processor.signal.MintCounters;
import io.swapflush.processor.signal.Triggers;
import io.swapflush.processor.source.IngestResult;
import io.swapflush.processor.source.TransactionSink;
import io.swapflush.processor.source.TransactionSource;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes documents from its source, parses them into swap events and hands each transaction's events
 * to the flusher without waiting for the database. Bad input is counted and logged, never fatal.
 */
public final class ProcessorVerticle extends VerticleBase implements TransactionSink {

  private static final Logger log = LoggerFactory.getLogger(ProcessorVerticle.class);

  private final ProcessorSettings settings;
  private final MeterRegistry registry;
  private final RateLimitedWarnings warnings = new RateLimitedWarnings(log, 1000);

  private TransactionParser parser;
  private TransactionSource source;
  private Outbox outbox;
  private ProcessorMetrics metrics;
  private MintCounters counters;
  private Triggers triggers;
  private MessageConsumer<String> statsConsumer;

  public ProcessorVerticle(ProcessorSettings settings, MeterRegistry registry) {
    this.settings = settings;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    TransactionEventsCodec.registerOn(vertx);
    parser = new TransactionParser(settings.maxTransactionBytes());
    source = TransactionSource.of(settings.source(), settings.maxTransactionBytes());
    outbox = new Outbox(vertx, settings.outboxSize(), new Backoff(settings.retryMinMs(), settings.retryMaxMs()),
        source::pause, source::resume);
    metrics = new ProcessorMetrics(registry, outbox);
    counters = new MintCounters(settings.windows(), settings.maxMints());
    triggers = new Triggers(settings.triggers());
    statsConsumer = vertx.eventBus().consumer(Addresses.MINT_STATS, this::mintStats);
    return statsConsumer.completion()
        .compose(v -> source.start(vertx, this))
        .onFailure(e -> metrics.close());
  }

  @Override
  public IngestResult accept(String document, long position) {
    long receivedNanos = System.nanoTime();
    List<Object> transactions;
    try {
      transactions = parser.split(document);
    } catch (InvalidTransactionException e) {
      invalid(e, position);
      return IngestResult.rejected(e.getMessage());
    }
    int accepted = 0;
    List<String> rejections = new ArrayList<>();
    for (Object transaction : transactions) {
      try {
        ParsedTransaction parsed = parser.parse(transaction);
        metrics.processed.increment();
        accepted++;
        if (!parsed.events().isEmpty()) {
          outbox.send(new TransactionEvents(position, parsed.events()));
          countAndCheck(parsed, receivedNanos);
        }
      } catch (InvalidTransactionException e) {
        invalid(e, position);
        rejections.add(e.signature() == null ? e.getMessage() : e.signature() + ": " + e.getMessage());
      } catch (RuntimeException e) {
        // a parser bug must cost one transaction, not the stream
        metrics.invalid("parser-error");
        log.error("Parser failed on a transaction at position {}", position, e);
        rejections.add("internal parser error: " + e);
      }
    }
    return new IngestResult(accepted, rejections);
  }

  /** Counters and triggers run after the hand-off, at memory speed, whatever the database does. */
  private void countAndCheck(ParsedTransaction parsed, long receivedNanos) {
    long nowMs = System.currentTimeMillis();
    for (SwapEvent event : parsed.events()) {
      MintCounters.MintStats stats = counters.record(event, nowMs);
      for (JsonObject alert : triggers.check(event, stats, nowMs, receivedNanos)) {
        vertx.eventBus().publish(Addresses.ALERTS, alert);
        metrics.alert(alert.getString("rule"));
        log.info("ALERT {}", alert.encode());
      }
    }
  }

  private void mintStats(Message<String> request) {
    JsonObject stats = counters.snapshot(request.body(), System.currentTimeMillis());
    if (stats == null) {
      request.fail(404, "no trades of " + request.body() + " in the counters");
    } else {
      request.reply(stats);
    }
  }

  @Override
  public void reject(String reason, String message) {
    metrics.invalid(reason);
    warnings.warn("Rejected input: " + message);
  }

  private void invalid(InvalidTransactionException e, long position) {
    metrics.invalid(e.reason());
    warnings.warn("Rejected transaction" + (e.signature() == null ? "" : " " + e.signature())
        + (position == TransactionEvents.NO_POSITION ? "" : " at position " + position) + ": " + e.getMessage());
  }

  @Override
  public Future<?> stop() {
    return Future.join(source.stop(), statsConsumer.unregister())
        .compose(v -> outbox.handOver(settings.stopTimeoutMs()))
        .onSuccess(v -> log.info("Processor stopped with an empty outbox"))
        .onFailure(e -> log.error("Processor stopped: {}", e.getMessage()))
        .eventually(() -> {
          metrics.close();
          return Future.succeededFuture();
        });
  }
}
