package io.swapflush.launcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.swapflush.event.Addresses;
import io.swapflush.launcher.config.SwapflushConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the status page shows, as {@code GET /api/status}: the pipeline's counters and gauges as they
 * are now (the page turns counters into rates and keeps its own history), the latency histograms'
 * cumulative buckets (the page takes quantiles of their recent growth), each positioned source, the
 * processor's role, the last alerts and the configuration in effect (no secrets). Reads a few
 * meters by name and asks the processor for its status: cheap enough to poll every second or two.
 */
final class StatusReport {

  private static final int ALERTS_KEPT = 10;
  private static final DeliveryOptions STATUS_QUERY = new DeliveryOptions().setSendTimeout(2000);

  private final Vertx vertx;
  private final MeterRegistry registry;
  private final JsonObject config;
  private final Deque<JsonObject> alerts = new ArrayDeque<>();

  StatusReport(Vertx vertx, MeterRegistry registry, SwapflushConfig config) {
    this.vertx = vertx;
    this.registry = registry;
    this.config = shown(config);
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERTS, message -> {
      alerts.addFirst(message.body());
      if (alerts.size() > ALERTS_KEPT) {
        alerts.removeLast();
      }
    });
  }

  Future<JsonObject> report() {
    return vertx.eventBus().<JsonObject>request(Addresses.PROCESSOR_STATUS, null, STATUS_QUERY)
        .map(reply -> reply.body())
        .otherwise(e -> new JsonObject().put("state", "not answering: " + e.getMessage()))
        .map(processor -> new JsonObject()
            .put("time", System.currentTimeMillis())
            .put("counters", new JsonObject()
                .put("transactions", count("swap.tx.processed"))
                .put("rejected", count("swap.tx.invalid"))
                .put("eventsWritten", count("swap.events.written"))
                .put("commits", count("swap.flush.count"))
                .put("retries", count("swap.flush.retries"))
                .put("deadLetters", count("swap.events.rejected"))
                .put("dropped", count("swap.events.dropped"))
                .put("fenced", count("swap.events.fenced"))
                .put("alerts", count("swap.alerts"))
                .put("uncertainParses", count("swap.parse.uncertain")))
            .put("gauges", new JsonObject()
                .put("queue", gauge("swap.queue.size"))
                .put("queueCapacity", gauge("swap.queue.capacity"))
                .put("outbox", gauge("swap.outbox.size"))
                .put("oldestWaitingSeconds", gauge("swap.queue.oldest.age"))
                .put("writeStalledSeconds", gauge("swap.write.stalled")))
            .put("histograms", new JsonObject()
                .put("flushSeconds", buckets("swap.flush.duration"))
                .put("commitLatencySeconds", buckets("swap.event.commit.latency")))
            .put("sources", sources())
            .put("processor", processor)
            .put("alerts", new JsonArray(alerts.stream().toList()))
            .put("config", config));
  }

  private double count(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private double gauge(String name) {
    Gauge gauge = registry.find(name).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  /** Cumulative counts per upper bound in seconds, across every timer of that name. */
  private JsonArray buckets(String name) {
    Map<Double, Double> cumulative = new TreeMap<>();
    for (Timer timer : registry.find(name).timers()) {
      for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
        cumulative.merge(bucket.bucket(TimeUnit.SECONDS), bucket.count(), Double::sum);
      }
    }
    JsonArray buckets = new JsonArray();
    cumulative.forEach((le, count) -> buckets.add(new JsonArray().add(le).add(count)));
    return buckets;
  }

  /** Each positioned source: what it read, what is durable, how far behind. */
  private JsonArray sources() {
    Map<String, JsonObject> bySource = new TreeMap<>();
    sourceGauge(bySource, "swap.source.position", "position");
    sourceGauge(bySource, "swap.checkpoint.position", "durable");
    sourceGauge(bySource, "swap.checkpoint.lag", "notDurable");
    sourceGauge(bySource, "swap.source.lag.slots", "lagSlots");
    sourceGauge(bySource, "swap.source.lag", "lagSeconds");
    sourceGauge(bySource, "swap.source.leader", "leader");
    return new JsonArray(bySource.values().stream().toList());
  }

  private void sourceGauge(Map<String, JsonObject> bySource, String name, String field) {
    for (Gauge gauge : registry.find(name).gauges()) {
      String source = gauge.getId().getTag("source");
      if (source != null) {
        bySource.computeIfAbsent(source, s -> new JsonObject().put("source", s)).put(field, gauge.value());
      }
    }
  }

  /** The configuration in effect, as an operator may see it: no password, an RPC URL by host only. */
  private static JsonObject shown(SwapflushConfig config) {
    return new JsonObject()
        .put("pg", config.pg().getHost() + ":" + config.pg().getPort() + "/" + config.pg().getDatabase() + " as "
            + config.pg().getUser() + " (pool " + config.poolSize() + ")")
        .put("http", config.http().host() + ":" + config.http().port())
        .put("flusher", config.flusher().toString())
        .put("source", config.processor().source().toString())
        .put("standby", config.standby())
        .put("triggers", config.processor().triggers().size());
  }
}
