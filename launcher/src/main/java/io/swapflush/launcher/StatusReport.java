package io.swapflush.launcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.swapflush.event.Addresses;
import io.swapflush.event.Alert;
import io.swapflush.launcher.config.SwapflushConfig;
import io.swapflush.source.SourceReport;
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
import java.util.function.Supplier;

/**
 * What the status page shows, as {@code GET /api/status}: the pipeline's counters and gauges as they
 * are now (the page turns counters into rates and keeps its own history), the latency histograms'
 * cumulative buckets and counts (the page takes quantiles of their recent growth), the sequences of
 * the source being read, the processor's state and role, the alert destinations and the configuration in
 * effect (no secrets). Reads a few meters by name and asks the processor for its status: cheap
 * enough to poll every second or two. A value not known yet (a gauge not registered, or NaN) is null.
 */
final class StatusReport {

  private static final DeliveryOptions STATUS_QUERY = new DeliveryOptions().setSendTimeout(2000);

  private final Vertx vertx;
  private final MeterRegistry registry;
  private final Supplier<SwapflushConfig> config;

  /** {@code config}: the one in effect, which a flusher redeploy replaces. */
  StatusReport(Vertx vertx, MeterRegistry registry, Supplier<SwapflushConfig> config) {
    this.vertx = vertx;
    this.registry = registry;
    this.config = config;
  }

  Future<JsonObject> report() {
    Future<JsonObject> processorStatus = vertx.eventBus().<SourceReport>request(Addresses.PROCESSOR_STATUS, null,
            STATUS_QUERY)
        .map(reply -> reply.body().toJson())
        .otherwise(e -> new JsonObject().put("state", "not answering: " + e.getMessage()));
    Future<JsonArray> deliveries = vertx.eventBus().<JsonObject>request(Addresses.ALERT_STATUS, null, STATUS_QUERY)
        .map(reply -> deliveries(reply.body()))
        .otherwise(e -> new JsonArray());
    return Future.join(processorStatus, deliveries).map(both -> processorStatus.result())
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
            .put("sources", sources(processor.getString("source")))
            .put("processor", processor)
            .put("deliveries", deliveries.result())
            .put("config", shown(config.get())));
  }

  /** Each destination as the delivery reports it, with what it took and refused since start. */
  private JsonArray deliveries(JsonObject status) {
    JsonArray destinations = new JsonArray();
    for (Object entry : status.getJsonArray("destinations")) {
      JsonObject destination = ((JsonObject) entry).copy();
      String name = destination.getString("name");
      destinations.add(destination
          .put("delivered", count("swap.alert.deliveries", name, "delivered"))
          .put("retries", registry.find("swap.alert.retries").tag("destination", name).counters().stream()
              .mapToDouble(Counter::count).sum()));
    }
    return destinations;
  }

  private double count(String name, String destination, String outcome) {
    return registry.find(name).tag("destination", destination).tag("outcome", outcome).counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private double count(String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private Double gauge(String name) {
    Gauge gauge = registry.find(name).gauge();
    return gauge == null ? null : known(gauge.value());
  }

  private static Double known(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /**
   * Across every timer of that name: cumulative counts per upper bound in seconds, and the count of
   * all, which includes what lies past the last bound.
   */
  private JsonObject buckets(String name) {
    Map<Double, Double> cumulative = new TreeMap<>();
    long count = 0;
    for (Timer timer : registry.find(name).timers()) {
      HistogramSnapshot snapshot = timer.takeSnapshot();
      count += snapshot.count();
      for (CountAtBucket bucket : snapshot.histogramCounts()) {
        cumulative.merge(bucket.bucket(TimeUnit.SECONDS), bucket.count(), Double::sum);
      }
    }
    JsonArray buckets = new JsonArray();
    cumulative.forEach((le, n) -> buckets.add(new JsonArray().add(le).add(n)));
    return new JsonObject().put("buckets", buckets).put("count", count);
  }

  /**
   * The sequences of the source being read: what each read, what is durable, how far behind. A
   * source of several sequences (Kafka's partitions) is listed by them; checkpoints of sources this
   * configuration does not read (the database keeps them all) are left out.
   */
  private JsonArray sources(String reading) {
    if (reading == null) {
      return new JsonArray();
    }
    Map<String, JsonObject> bySource = new TreeMap<>();
    sourceGauge(bySource, "swap.source.position", "position");
    sourceGauge(bySource, "swap.checkpoint.position", "durable");
    sourceGauge(bySource, "swap.checkpoint.lag", "notDurable");
    sourceGauge(bySource, "swap.source.lag.slots", "lagSlots");
    sourceGauge(bySource, "swap.source.lag", "lagSeconds");
    sourceGauge(bySource, "swap.source.kafka.lag", "lagRecords");
    sourceGauge(bySource, "swap.source.backfill.done", "backfillDone");
    sourceGauge(bySource, "swap.source.backfill.rate", "backfillSlotsPerSecond");
    sourceGauge(bySource, "swap.source.backfill.eta", "backfillSecondsToGo");
    bySource.keySet().removeIf(id -> !id.equals(reading) && !id.startsWith(reading + ":"));
    if (bySource.size() > 1) {
      bySource.remove(reading);
    }
    return new JsonArray(bySource.values().stream().toList());
  }

  private void sourceGauge(Map<String, JsonObject> bySource, String name, String field) {
    for (Gauge gauge : registry.find(name).gauges()) {
      String source = gauge.getId().getTag("source");
      if (source != null) {
        bySource.computeIfAbsent(source, s -> new JsonObject().put("source", s)).put(field, known(gauge.value()));
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
