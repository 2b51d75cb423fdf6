package io.swapflush.bench;

import io.swapflush.testsupport.KafkaBroker;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Two instances of the packaged jar, input coming steadily ({@link SteadyFeed}); one SIGKILLed once
 * both work, and the time until the other commits what the dead one read: a Kafka group's rebalance,
 * or a standby taking the advisory lock of a jsonl source.
 */
final class Takeover {

  static final int PARTITIONS = 6;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(150);
  private static final long POLL_MS = 20;

  private Takeover() {
  }

  /** {@code sessionTimeoutMs} 0: the consumer's defaults (session.timeout.ms 45 000, heartbeat 3 000). */
  static TakeoverRow kafka(KafkaBroker broker, int sessionTimeoutMs, Path dir, int run) throws Exception {
    String topic = "takeover-" + sessionTimeoutMs + "-" + run;
    broker.createTopic(topic, PARTITIONS);
    JsonObject properties = new JsonObject();
    if (sessionTimeoutMs > 0) {
      properties.put("session.timeout.ms", sessionTimeoutMs).put("heartbeat.interval.ms", sessionTimeoutMs / 3);
    }
    JsonObject source = new JsonObject().put("type", "kafka").put("bootstrapServers", broker.bootstrapServers())
        .put("topic", topic).put("groupId", topic).put("properties", properties);
    try (TestDatabase db = TestDatabase.create();
        SteadyFeed feed = SteadyFeed.toTopic(broker.bootstrapServers(), topic, PARTITIONS, run);
        ServiceInstance victim = ServiceInstance.start(dir, topic + "-a", config(db, dir, topic, source, false));
        ServiceInstance survivor = ServiceInstance.start(dir, topic + "-b", config(db, dir, topic, source, false))) {
      // settled: the six partitions shared by both, each with a checkpoint
      await("the group to settle", () -> {
        List<Integer> a = victim.assigned();
        List<Integer> b = survivor.assigned();
        return !a.isEmpty() && !b.isEmpty() && a.size() + b.size() == PARTITIONS
            && positions(db, topic).size() == PARTITIONS;
      }, victim);
      Workload.sleep(2000);
      List<Integer> owned = victim.assigned();
      long killed = System.nanoTime();
      victim.kill();
      Map<Integer, Long> atKill = positions(db, topic);
      double[] seconds = secondsUntil(killed, survivor, () -> survivor.assigned().containsAll(owned),
          () -> moved(positions(db, topic), atKill, owned) > 0,
          () -> moved(positions(db, topic), atKill, owned) == owned.size());
      String name = sessionTimeoutMs > 0
          ? String.format("Kafka rebalance, session.timeout.ms %,d, heartbeat.interval.ms %,d", sessionTimeoutMs,
              sessionTimeoutMs / 3)
          : "Kafka rebalance, consumer defaults (session.timeout.ms 45,000)";
      return new TakeoverRow(name, seconds[0], seconds[1], seconds[2]);
    }
  }

  /** Two instances with {@code processor.standby: true} following one jsonl file that grows steadily. */
  static TakeoverRow standby(Path dir, int run) throws Exception {
    Path feedFile = dir.resolve("standby-" + run + ".jsonl");
    Files.writeString(feedFile, "");
    String sourceId = feedFile.toAbsolutePath().toString();
    JsonObject source = new JsonObject().put("type", "jsonl").put("path", sourceId).put("follow", true);
    try (TestDatabase db = TestDatabase.create(); SteadyFeed feed = SteadyFeed.toFile(feedFile, run)) {
      ServiceInstance leader = ServiceInstance.start(dir, "standby-" + run + "-a",
          config(db, dir, "standby-" + run, source, true));
      // the first leads before the second starts: which one holds the lock is then known
      await("a leader", () -> "leader".equals(leader.role()), leader);
      try (leader; ServiceInstance standby = ServiceInstance.start(dir, "standby-" + run + "-b",
          config(db, dir, "standby-" + run, source, true))) {
        await("a standby", () -> "standby".equals(standby.role()), standby);
        await("a first checkpoint", () -> position(db, sourceId) > 0, leader);
        Workload.sleep(2000);
        long killed = System.nanoTime();
        leader.kill();
        long atKill = position(db, sourceId);
        double[] seconds = secondsUntil(killed, standby, () -> "leader".equals(standby.role()),
            () -> position(db, sourceId) > atKill);
        return new TakeoverRow("standby (advisory lock), jsonl file followed", seconds[0], seconds[1], Double.NaN);
      }
    }
  }

  private static JsonObject config(TestDatabase db, Path dir, String name, JsonObject source, boolean standby) {
    JsonObject processor = new JsonObject().put("source", source);
    if (standby) {
      processor.put("standby", true);
    }
    return ServiceInstance.config(db.options(), dir.resolve("spill-" + name + "-" + System.nanoTime()), processor);
  }

  /** Each partition's stored position, by partition; empty before the first commit made the table. */
  private static Map<Integer, Long> positions(TestDatabase db, String topic) {
    Map<Integer, Long> positions = new HashMap<>();
    try {
      db.query("SELECT source_id, position FROM swap_checkpoints WHERE source_id LIKE 'kafka:" + topic + ":%'")
          .forEach(row -> positions.put(Integer.parseInt(row.getString(0).substring(
              row.getString(0).lastIndexOf(':') + 1)), row.getLong(1)));
    } catch (RuntimeException tableNotYetMade) {
      // none yet
    }
    return positions;
  }

  private static long moved(Map<Integer, Long> now, Map<Integer, Long> before, List<Integer> partitions) {
    return partitions.stream().filter(p -> now.getOrDefault(p, 0L) > before.getOrDefault(p, 0L)).count();
  }

  private static long position(TestDatabase db, String sourceId) {
    try {
      var rows = db.query("SELECT position FROM swap_checkpoints WHERE source_id = '" + sourceId + "'");
      return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
    } catch (RuntimeException tableNotYetMade) {
      return 0;
    }
  }

  private static void await(String what, BooleanSupplier condition, ServiceInstance instance) {
    long started = System.nanoTime();
    while (!condition.getAsBoolean()) {
      instance.checkAlive();
      if (System.nanoTime() - started > SETTLE_TIMEOUT.toNanos()) {
        throw new IllegalStateException("no " + what + " after " + SETTLE_TIMEOUT + "; log:\n" + instance.output());
      }
      Workload.sleep(100);
    }
  }

  /** Polls every condition until each has held once: the seconds from {@code fromNanos} to each's first time. */
  private static double[] secondsUntil(long fromNanos, ServiceInstance survivor, BooleanSupplier... conditions) {
    double[] seconds = new double[conditions.length];
    Arrays.fill(seconds, Double.NaN);
    while (Arrays.stream(seconds).anyMatch(Double::isNaN)) {
      survivor.checkAlive();
      long now = System.nanoTime();
      if (now - fromNanos > TAKEOVER_TIMEOUT.toNanos()) {
        throw new IllegalStateException("no takeover after " + TAKEOVER_TIMEOUT + "; log:\n" + survivor.output());
      }
      for (int i = 0; i < conditions.length; i++) {
        if (Double.isNaN(seconds[i]) && conditions[i].getAsBoolean()) {
          seconds[i] = (now - fromNanos) / 1e9;
        }
      }
      Workload.sleep(POLL_MS);
    }
    return seconds;
  }
}
