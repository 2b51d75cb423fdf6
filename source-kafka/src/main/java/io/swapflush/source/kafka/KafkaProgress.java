package io.swapflush.source.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the kafka source stands against its topic, as meters: the lag of each partition this
 * instance reads (tagged with the partition's sequence, as the status page lists sequences), and
 * the partitions no member reads. NaN while the brokers do not answer: nothing is known then, and 0
 * would say all is read. Written on the source's context, read by scrapes on any thread; removed
 * with the source.
 */
final class KafkaProgress {

  private final MeterRegistry registry;
  private final Map<String, Double> lags = new ConcurrentHashMap<>();
  private final Map<String, Gauge> lagGauges = new HashMap<>();
  private final Gauge unassignedGauge;
  private volatile double unassigned = Double.NaN;

  KafkaProgress(MeterRegistry registry, String source) {
    this.registry = registry;
    this.unassignedGauge = Gauge.builder("swap.source.kafka.partitions.unassigned", this, p -> p.unassigned)
        .tag("source", source).description("Partitions of the topic that no member of the group reads")
        .register(registry);
  }

  /** The lag of each partition this instance reads now, by sequence; partitions it no longer reads go. */
  void seen(Map<String, Long> lagBySequence, int unassignedPartitions) {
    lagBySequence.forEach((sequence, lag) -> {
      lags.put(sequence, (double) lag);
      lagGauges.computeIfAbsent(sequence, this::lagGauge);
    });
    lagGauges.entrySet().removeIf(entry -> {
      boolean gone = !lagBySequence.containsKey(entry.getKey());
      if (gone) {
        registry.remove(entry.getValue());
        lags.remove(entry.getKey());
      }
      return gone;
    });
    unassigned = unassignedPartitions;
  }

  private Gauge lagGauge(String sequence) {
    return Gauge.builder("swap.source.kafka.lag", lags, l -> l.getOrDefault(sequence, Double.NaN))
        .baseUnit("records").tag("source", sequence)
        .description("Records (and transaction markers) of a partition this instance reads that its consumer has "
            + "not fetched yet: the partition's end offset less the consumer's position").register(registry);
  }

  void unknown() {
    lags.replaceAll((sequence, lag) -> Double.NaN);
    unassigned = Double.NaN;
  }

  void close() {
    lagGauges.values().forEach(registry::remove);
    lagGauges.clear();
    registry.remove(unassignedGauge);
  }
}
