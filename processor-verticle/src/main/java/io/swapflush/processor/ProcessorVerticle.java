package io.swapflush.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.support.Backoff;
import io.swapflush.support.RateLimitedWarnings;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionEventsCodec;
import io.swapflush.processor.parse.InvalidTransactionException;
import io.swapflush.processor.parse.ParsedTransaction;
import io.swapflush.processor.parse.TransactionParser;
import io.swapflush.processor.source.IngestResult;
import io.swapflush.processor.source.TransactionSink;
import io.swapflush.processor.source.TransactionSource;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
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
    return source.start(vertx, this).onFailure(e -> metrics.close());
  }

  @Override
  public IngestResult accept(String document, long position) {
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
        }
      } catch (InvalidTransactionException e) {
        invalid(e, position);
        rejections.add(e.signature() == null ? e.getMessage() : e.signature() + ": " + e.getMessage());
      }
    }
    return new IngestResult(accepted, rejections);
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
    return source.stop()
        .compose(v -> outbox.handOver(settings.stopTimeoutMs()))
        .onSuccess(v -> log.info("Processor stopped with an empty outbox"))
        .onFailure(e -> log.error("Processor stopped: {}", e.getMessage()))
        .eventually(() -> {
          metrics.close();
          return Future.succeededFuture();
        });
  }
}
