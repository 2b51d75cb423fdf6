package io.swapflush.source.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.Addresses;
import io.swapflush.event.HandOff;
import io.swapflush.event.HandOffCodec;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.ProcessorVerticle;
import io.swapflush.source.SourceReport;
import io.swapflush.testsupport.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Instances of the kafka source as it runs, each a real processor on a Vert.x of its own, with a
 * stand-in for the flusher that takes every message as durable and keeps the checkpoints as the
 * database would: the highest any instance wrote.
 */
final class KafkaInstances implements AutoCloseable {

  /** One instance: what its flusher stand-in accepted, and its meters. */
  record Instance(Vertx vertx, SimpleMeterRegistry registry, List<TransactionEvents> received, Held held) {

    SourceReport status() {
      return Await.result(vertx.eventBus().<SourceReport>request(Addresses.PROCESSOR_STATUS, null).map(Message::body));
    }

    /** The sum of the gauges of that name (one per partition, say); NaN when there are none. */
    double gauge(String name) {
      return registry.find(name).gauges().stream().mapToDouble(Gauge::value).reduce(Double::sum).orElse(Double.NaN);
    }
  }

  final Map<String, SourceCheckpoint> database = new ConcurrentHashMap<>();
  private final List<Vertx> started = new ArrayList<>();

  /** An instance with a small outbox, so that the source is paused and resumed all along. */
  Instance start(KafkaSettings source) {
    Vertx vertx = Vertx.vertx();
    started.add(vertx);
    HandOffCodec.registerOn(vertx);
    List<TransactionEvents> received = new CopyOnWriteArrayList<>();
    Held held = new Held();
    vertx.eventBus().<HandOff>consumer(Addresses.EVENTS, message -> held.offer(message, m -> accept(m, received)));
    vertx.eventBus().<String>consumer(Addresses.CHECKPOINTS,
        query -> query.reply(database.getOrDefault(query.body(), SourceCheckpoint.START).toJson()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    Await.result(vertx.deployVerticle(new ProcessorVerticle(new ProcessorSettings(source, 50, 5, 50, 1 << 20,
        10_000, d.windows(), d.maxMints(), d.triggers()), registry)));
    return new Instance(vertx, registry, received, held);
  }

  private void accept(Message<HandOff> message, List<TransactionEvents> received) {
    for (TransactionEvents tx : message.body().transactions()) {
      received.add(tx);
      database.merge(tx.source(), new SourceCheckpoint(tx.position(), tx.cursor()),
          (a, b) -> b.position() > a.position() ? b : a);
    }
    message.reply(null);
  }

  /** From now on the instance's stand-in answers nothing, as a flusher that cannot keep up. */
  void holdReplies(Instance instance) {
    instance.held().hold();
  }

  /** The stand-in accepts what it held, and all that comes after. */
  void releaseReplies(Instance instance) {
    instance.held().release(message -> accept(message, instance.received()));
  }

  /** Hand-offs the stand-in does not answer yet: taken in the order they came, whichever thread releases them. */
  static final class Held {
    private boolean holding;
    private final List<Message<HandOff>> messages = new ArrayList<>();

    private synchronized void offer(Message<HandOff> message, Consumer<Message<HandOff>> accept) {
      if (holding) {
        messages.add(message);
      } else {
        accept.accept(message);
      }
    }

    private synchronized void hold() {
      holding = true;
    }

    private synchronized void release(Consumer<Message<HandOff>> accept) {
      holding = false;
      messages.forEach(accept);
      messages.clear();
    }
  }

  @Override
  public void close() {
    started.forEach(vertx -> Await.result(vertx.close()));
    started.clear();
  }
}
