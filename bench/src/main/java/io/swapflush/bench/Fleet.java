package io.swapflush.bench;

import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code fleet} rows: several instances of the packaged jar as processes, against a real Kafka
 * broker (a process) and the benchmark's PostgreSQL. One, two and three instances in one consumer
 * group consuming a preloaded topic of {@link Takeover#PARTITIONS} partitions; then the time from a
 * SIGKILL to the takeover's first commit, for a Kafka group (consumer defaults and a shorter session)
 * and for a standby on a jsonl source. Returns the lines to print.
 */
final class Fleet {

  private static final int[] INSTANCES = {1, 2, 3};
  private static final int SHORT_SESSION_MS = 6000;
  private static final int PRELOAD_CHUNK = 10_000;

  private Fleet() {
  }

  static List<String> run(int runs, int documents) throws Exception {
    Path dir = Files.createTempDirectory("swapflush-bench-fleet");
    // the producers' INFO lines (every setting) would bury the progress lines
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    // the instances and the broker are processes: none outlives an interrupted benchmark
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly)));
    List<ScalingRow> scaling = new ArrayList<>();
    List<TakeoverRow> takeovers = new ArrayList<>();
    System.err.println("fleet: starting a Kafka broker");
    try (KafkaBroker broker = KafkaBroker.start()) {
      String topic = "preloaded";
      broker.createTopic(topic, Takeover.PARTITIONS);
      System.err.printf("fleet: producing %,d documents%n", documents);
      SyntheticTransactions generator = new SyntheticTransactions(1);
      for (int from = 0; from < documents; from += PRELOAD_CHUNK) {
        List<String> chunk = new ArrayList<>();
        for (int i = from; i < Math.min(documents, from + PRELOAD_CHUNK); i++) {
          chunk.add(generator.next());
        }
        broker.produce(topic, Takeover.PARTITIONS, chunk, 0);
      }
      for (int run = 1; run <= runs; run++) {
        for (int count : INSTANCES) {
          System.err.printf("run %d: Kafka, %d instance(s)%n", run, count);
          scaling.add(KafkaScaling.run(broker.bootstrapServers(), topic, documents, count, dir, run));
          System.err.println("  " + scaling.get(scaling.size() - 1));
        }
        System.err.printf("run %d: takeover, Kafka, consumer defaults%n", run);
        takeovers.add(Takeover.kafka(broker, 0, dir, run));
        System.err.println("  " + takeovers.get(takeovers.size() - 1));
        System.err.printf("run %d: takeover, Kafka, session.timeout.ms %d%n", run, SHORT_SESSION_MS);
        takeovers.add(Takeover.kafka(broker, SHORT_SESSION_MS, dir, run));
        System.err.println("  " + takeovers.get(takeovers.size() - 1));
        System.err.printf("run %d: takeover, standby%n", run);
        takeovers.add(Takeover.standby(dir, run));
        System.err.println("  " + takeovers.get(takeovers.size() - 1));
      }
    } finally {
      // the instances' logs and configurations, the followed files
      ServiceInstance.deleteDirectory(dir);
    }
    return print(scaling, takeovers, runs, documents);
  }

  static String configuration(int documents) {
    return String.format("* fleet rows: the packaged jar (%s) as processes with conf/config.json's defaults "
            + "(flusher batchSize 10,000, flushIntervalMs 1,000, pg.poolSize 2; one event loop each), default "
            + "JVM options; a Kafka broker (KRaft, one node, a process: test-support's KafkaBroker); Kafka "
            + "scaling: a topic of %d partitions preloaded with %,d SyntheticTransactions documents, a fresh "
            + "group and database per row; takeovers: input fed steadily (%d documents every %d ms)",
        ServiceInstance.JAR, Takeover.PARTITIONS, documents, SteadyFeed.PER_STEP, SteadyFeed.STEP_MS);
  }

  private static List<String> print(List<ScalingRow> scaling, List<TakeoverRow> takeovers, int runs, int documents) {
    List<String> out = new ArrayList<>();
    out.add("");
    out.add(String.format("Kafka source, instances in one group: medians of %d run(s); %,d documents on %d "
        + "partitions; steady = from the first commit seen to the last; CPU per event in the steady part.", runs,
        documents, Takeover.PARTITIONS));
    out.add("");
    out.add("| instances | events | s to all durable | events/s from start | s to first commit | events/s steady "
        + "| cores busy (machine) | instances CPU µs/event | Kafka broker CPU µs/event "
        + "| PostgreSQL + rest CPU µs/event |");
    out.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (List<ScalingRow> group : groups(scaling, r -> Integer.toString(r.instances()))) {
      out.add(String.format("| %d | %,d | %s | %s | %s | %s | %s | %s | %s | %s |", group.get(0).instances(),
          group.get(0).events(), Benchmark.fmt(Benchmark.median(group, ScalingRow::totalSeconds), 2),
          Benchmark.fmt(Benchmark.median(group, ScalingRow::eventsPerSecond), 0), Benchmark.fmt(Benchmark.median(group, ScalingRow::firstCommitSeconds), 2),
          Benchmark.fmt(Benchmark.median(group, ScalingRow::steadyEventsPerSecond), 0), Benchmark.fmt(Benchmark.median(group, ScalingRow::coresBusy), 2),
          Benchmark.fmt(Benchmark.median(group, ScalingRow::instancesMicrosPerEvent), 1),
          Benchmark.fmt(Benchmark.median(group, ScalingRow::brokerMicrosPerEvent), 1),
          Benchmark.fmt(Benchmark.median(group, ScalingRow::othersMicrosPerEvent), 1)));
    }
    out.add("");
    out.add(String.format("Takeover after a SIGKILL, two instances, input coming steadily: medians of %d run(s); "
        + "seconds from the SIGKILL.", runs));
    out.add("");
    out.add("| kind | survivor owns it, s | first commit, s | every partition committed, s |");
    out.add("|---|---:|---:|---:|");
    for (List<TakeoverRow> group : groups(takeovers, TakeoverRow::name)) {
      out.add(String.format("| %s | %s | %s | %s |", group.get(0).name(),
          Benchmark.fmt(Benchmark.median(group, TakeoverRow::handedSeconds), 2), Benchmark.fmt(Benchmark.median(group, TakeoverRow::firstCommitSeconds), 2),
          Benchmark.fmt(Benchmark.median(group, TakeoverRow::allSeconds), 2)));
    }
    return out;
  }

  private static <T> List<List<T>> groups(List<T> rows, Function<T, String> key) {
    Map<String, List<T>> groups = new LinkedHashMap<>();
    rows.forEach(r -> groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
    return new ArrayList<>(groups.values());
  }
}
