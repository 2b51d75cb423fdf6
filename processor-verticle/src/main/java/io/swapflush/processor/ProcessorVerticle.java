package io.swapflush.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.event.AlertRetraction;
import io.swapflush.event.EventsProtocol;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.LocalCodec;
import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.Rewind;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.parse.InvalidTransactionException;
import io.swapflush.parse.TransactionParser;
import io.swapflush.processor.signal.CounterSeed;
import io.swapflush.processor.signal.MintCounters;
import io.swapflush.processor.signal.TriggerRule;
import io.swapflush.processor.signal.Triggers;
import io.swapflush.source.IngestResult;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.swapflush.source.SourceReport;
import io.swapflush.source.TransactionSource;
import io.swapflush.support.Backoff;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes documents from its source, parses them into swap events and hands each transaction's events
 * to the flusher without waiting for the database; a source that parses off the event loop (rpc's
 * blocks) hands on its transactions parsed. Bad input is counted and logged, never fatal.
 */
public final class ProcessorVerticle extends VerticleBase implements RecordSink {

  private static final Logger log = LoggerFactory.getLogger(ProcessorVerticle.class);
  private static final long START_RETRY_MIN_MS = 500;
  private static final long START_RETRY_MAX_MS = 5_000;

  private final ProcessorSettings settings;
  private final MeterRegistry registry;
  private final SourceGate gate;
  private final RateLimitedWarnings warnings = new RateLimitedWarnings(log, 1000);

  private TransactionParser parser;
  private TransactionSource source;
  private Outbox outbox;
  private ProcessorMetrics metrics;
  private MintCounters counters;
  private Triggers triggers;
  private MessageConsumer<String> statsConsumer;
  private MessageConsumer<Object> statusConsumer;
  private SourceWatch watch;
  private final Backoff startBackoff = new Backoff(START_RETRY_MIN_MS, START_RETRY_MAX_MS);
  private long startTimer = -1;
  private boolean stopping;
  /** The reading term of the source: messages carry it, and the database refuses an ended one's. */
  private long epoch;

  public ProcessorVerticle(ProcessorSettings settings, MeterRegistry registry, SourceGate gate) {
    this.settings = settings;
    this.registry = registry;
    this.gate = gate;
  }

  /** The only reader of its source. */
  public ProcessorVerticle(ProcessorSettings settings, MeterRegistry registry) {
    this(settings, registry, SourceGate.ALONE);
  }

  @Override
  public Future<?> start() {
    HandOffCodec.registerOn(vertx);
    LocalCodec.registerOn(vertx, SourceReport.class);
    LocalCodec.registerOn(vertx, Alert.class);
    LocalCodec.registerOn(vertx, AlertRetraction.class);
    parser = new TransactionParser(settings.maxTransactionBytes());
    source = settings.source().create(settings.maxTransactionBytes(), registry);
    // the source may be replaced (a lead lost and taken again): the outbox acts on the current one
    outbox = new Outbox(vertx, settings.outboxSize(), new Backoff(settings.retryMinMs(), settings.retryMaxMs()),
        () -> source.pause(), () -> source.resume());
    watch = new SourceWatch(vertx, source, outbox, gate);
    metrics = new ProcessorMetrics(registry, outbox, watch, source.id(),
        settings.triggers().stream().map(TriggerRule::name).toList());
    counters = new MintCounters(settings.windows(), settings.maxMints());
    triggers = new Triggers(settings.triggers());
    statsConsumer = vertx.eventBus().consumer(Addresses.MINT_STATS, this::mintStats);
    statusConsumer = vertx.eventBus().consumer(Addresses.PROCESSOR_STATUS, query -> query.reply(watch.report()));
    return Future.join(statsConsumer.completion(), statusConsumer.completion())
        .map(v -> {
          startSource();
          return null;
        })
        .onFailure(e -> metrics.close());
  }

  /**
   * Starts the source once this instance may read it and its checkpoint is known, trying again with
   * backoff for as long as it takes (the database may be down, the flusher between redeploys, the
   * file not there yet): the service is up meanwhile and /health says what it waits for.
   */
  private void startSource() {
    if (source.id() != null) {
      watch.starting(SourceWatch.TAKING_TURN);
    }
    Future<Long> turn = source.id() == null ? Future.succeededFuture(0L)
        : gate.enter(vertx, source.id(), this::leadLost);
    turn.compose(term -> {
          epoch = term;
          // the checkpoint first: it waits for the database, which the counts come from too
          return resumeAfter();
        })
        .compose(checkpoint -> seedCounters().map(checkpoint))
        .compose(checkpoint -> stopping ? Future.succeededFuture() : source.start(vertx, this, checkpoint))
        .onComplete(ar -> {
          if (stopping) {
            return;
          }
          if (ar.succeeded()) {
            watch.running();
            startBackoff.reset();
          } else {
            long delay = startBackoff.next();
            watch.starting(ar.cause().getMessage());
            warnings.warn("Source not started (" + ar.cause().getMessage() + "); trying again in " + delay + " ms");
            startTimer = vertx.setTimer(delay, id -> startSource());
          }
        });
  }

  /** A positioned source's reader goes on with the counts of the last while, not from zero. */
  private Future<Void> seedCounters() {
    if (source.id() == null) {
      return Future.succeededFuture();
    }
    return CounterSeed.into(vertx, counters, settings.windows())
        .map(counted -> {
          if (counted > 0) {
            log.info("Counters start from the {} events stored in the last {}", counted, settings.windows());
          }
          return (Void) null;
        })
        .recover(e -> {
          warnings.warn("Counters start from zero: the recent events could not be read (" + e.getMessage() + ")");
          return Future.succeededFuture();
        });
  }

  /**
   * Another instance may read the source now: this one stops at once (what it has handed on still
   * goes to the flusher) and waits for its next turn with a new source, resuming from the database.
   */
  private void leadLost() {
    if (stopping) {
      return;
    }
    TransactionSource lost = source;
    source = settings.source().create(settings.maxTransactionBytes(), registry);
    if (outbox.sourcePaused()) {
      source.pause(); // the outbox resumes it once it has room again, as it would have the lost one
    }
    watch.source(source);
    lost.stop().onComplete(ar -> startSource());
  }

  /**
   * The flusher keeps the checkpoints, and answers once it has loaded them from the database; read
   * afresh there, since another instance may have moved it since this one started.
   */
  private Future<SourceCheckpoint> resumeAfter() {
    if (source.id() == null || !source.resumes()) {
      return Future.succeededFuture(SourceCheckpoint.START);
    }
    DeliveryOptions newTerm = new DeliveryOptions().addHeader(EventsProtocol.FRESH_CHECKPOINT, Long.toString(epoch));
    return vertx.eventBus().<JsonObject>request(Addresses.CHECKPOINTS, source.id(), newTerm)
        .map(reply -> SourceCheckpoint.fromJson(reply.body()))
        .recover(e -> Future.failedFuture("waiting for the checkpoint of source " + source.id() + ": " + e.getMessage()));
  }

  /**
   * Records of a positioned source become one message each with all their events, even none, so the
   * checkpoint moves over quiet and bad input too; otherwise each transaction with events is one.
   */
  @Override
  public IngestResult deliver(SourceRecord record) {
    long receivedNanos = System.nanoTime();
    watch.positionRead(record.position());
    if (record instanceof SourceRecord.Document document) {
      return parsed(record, parseDocument(document.document(), record, receivedNanos));
    }
    if (record instanceof SourceRecord.Block block) {
      return parsed(record, accept(block.transactions(), record, receivedNanos));
    }
    if (record instanceof SourceRecord.Rejected rejected) {
      metrics.invalid(rejected.reason());
      warnings.warn("Rejected input: " + rejected.message());
      checkpointOnly(record);
      return IngestResult.rejected(rejected.message());
    }
    SourceRecord.Rewind rewind = (SourceRecord.Rewind) record;
    outbox.send(TransactionEvents.rewind(rewind.sequence(), new Rewind(
        new SourceCheckpoint(rewind.position(), rewind.cursor()), rewind.afterSlot(), rewind.throughSlot()), epoch));
    vertx.eventBus().publish(Addresses.ALERT_RETRACTIONS,
        new AlertRetraction(rewind.sequence(), rewind.afterSlot(), rewind.throughSlot()));
    return IngestResult.NOTHING;
  }

  private IngestResult parsed(SourceRecord record, Parsed parsed) {
    if (record.sequence() != null) {
      outbox.send(new TransactionEvents(record.sequence(), record.position(), record.cursor(), parsed.events, null,
          epoch, parsed.alerts));
    }
    return parsed.result;
  }

  private void checkpointOnly(SourceRecord record) {
    if (record.sequence() != null) {
      outbox.send(new TransactionEvents(record.sequence(), record.position(), record.cursor(), List.of(), null, epoch));
    }
  }

  /** What a record's transactions came to, and the events and alerts of a positioned record's. */
  private record Parsed(IngestResult result, List<SwapEvent> events, List<Alert> alerts) {
  }

  private Parsed parseDocument(byte[] document, SourceRecord record, long receivedNanos) {
    if (document.length == 0) {
      return new Parsed(IngestResult.NOTHING, List.of(), List.of());
    }
    List<Object> transactions;
    try {
      transactions = parser.split(document);
    } catch (InvalidTransactionException e) {
      invalid(e.outcome(), record.position());
      return new Parsed(IngestResult.rejected(e.getMessage()), List.of(), List.of());
    }
    return accept(transactions.stream().map(parser::outcome).toList(), record, receivedNanos);
  }

  /** Counts, logs and hands on what each transaction of a record came to, in order. */
  private Parsed accept(List<TransactionOutcome> outcomes, SourceRecord record, long receivedNanos) {
    long position = record.position();
    int accepted = 0;
    List<String> rejections = new ArrayList<>();
    List<SwapEvent> recordEvents = new ArrayList<>();
    List<Alert> recordAlerts = new ArrayList<>();
    for (TransactionOutcome outcome : outcomes) {
      if (outcome instanceof TransactionOutcome.Parsed read) {
        ParsedTransaction parsed = read.transaction();
        metrics.processed.increment();
        parsed.uncertain().forEach(metrics::uncertain);
        accepted++;
        if (!parsed.events().isEmpty()) {
          List<Alert> alerts = countAndCheck(parsed, record.sequence(), receivedNanos);
          if (source.id() == null) {
            outbox.send(new TransactionEvents(null, position, null, parsed.events(), null, 0, alerts));
          } else {
            recordEvents.addAll(parsed.events());
            recordAlerts.addAll(alerts);
          }
          alerts.forEach(this::fired);
        }
      } else if (outcome instanceof TransactionOutcome.Invalid rejection) {
        invalid(rejection, position);
        rejections.add(rejection.described());
      } else {
        RuntimeException bug = ((TransactionOutcome.ParserError) outcome).error();
        metrics.invalid("parser-error");
        log.error("Parser failed on a transaction at position {}", position, bug);
        rejections.add("internal parser error: " + bug);
      }
    }
    return new Parsed(new IngestResult(accepted, rejections), recordEvents, recordAlerts);
  }

  /**
   * Counters and triggers run at memory speed, whatever the database does; the alerts travel with
   * their transaction's events, so they are stored with them (and with the checkpoint past them).
   */
  private List<Alert> countAndCheck(ParsedTransaction parsed, String sequence, long receivedNanos) {
    long nowMs = System.currentTimeMillis();
    Map<String, Alert> alerts = new LinkedHashMap<>();
    for (SwapEvent event : parsed.events()) {
      MintCounters.MintStats stats = counters.record(event, nowMs);
      // two traders of one mint in a transaction: the alert is the same, once
      triggers.check(event, stats, sequence, nowMs, receivedNanos).forEach(a -> alerts.putIfAbsent(a.id(), a));
    }
    return List.copyOf(alerts.values());
  }

  /** Delivery starts at once, from memory: the stored copy is for recovery. */
  private void fired(Alert alert) {
    vertx.eventBus().publish(Addresses.ALERTS, alert);
    metrics.alert(alert.rule());
    log.info("ALERT {}", alert.json());
  }

  private void mintStats(Message<String> request) {
    JsonObject stats = counters.snapshot(request.body(), System.currentTimeMillis());
    if (stats == null) {
      request.fail(404, "no trades of " + request.body() + " in the counters");
    } else {
      request.reply(stats);
    }
  }

  private void invalid(TransactionOutcome.Invalid rejection, long position) {
    metrics.invalid(rejection.reason());
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("reason", rejection.reason());
    if (rejection.signature() != null) {
      fields.put("signature", rejection.signature());
    }
    if (position != TransactionEvents.NO_POSITION) {
      fields.put("position", position);
    }
    warnings.warn("Rejected transaction" + (rejection.signature() == null ? "" : " " + rejection.signature())
        + (position == TransactionEvents.NO_POSITION ? "" : " at position " + position) + ": " + rejection.message(),
        fields);
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(startTimer);
    watch.stop();
    return Future.join(source.stop(), gate.leave(), statsConsumer.unregister(), statusConsumer.unregister())
        .compose(v -> outbox.handOver(settings.stopTimeoutMs()))
        .onSuccess(v -> log.info("Processor stopped with an empty outbox"))
        .onFailure(e -> log.error("Processor stopped: {}", e.getMessage()))
        .eventually(() -> {
          metrics.close();
          return Future.succeededFuture();
        });
  }
}
