package io.swapflush.bench;

import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * N instances of the packaged jar in one consumer group (a fresh group id and a fresh database)
 * consume a preloaded topic to its end: timed from their start until every partition's checkpoint
 * counts all its records; CPU sampled at the first commit and at the end, so that the steady rate and
 * the CPU per event leave out the JVMs' start and the group's first join.
 */
final class KafkaScaling {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private KafkaScaling() {
  }

  /**
   * @param positions the sum of the partitions' stored positions (records durable)
   * @param at when it was read, with the CPU spent by then
   */
  private record Sample(long positions, FleetCpu at) {
  }

  static ScalingRow run(String bootstrapServers, String topic, int documents, int count, Path dir, int run) {
    try (TestDatabase db = TestDatabase.create()) {
      String group = "bench-" + count + "-" + run + "-" + System.nanoTime();
      JsonObject source = new JsonObject().put("type", "kafka").put("bootstrapServers", bootstrapServers)
          .put("topic", topic).put("groupId", group);
      JsonObject config = ServiceInstance.config(db.options(), dir.resolve("spill-" + group),
          new JsonObject().put("source", source));
      List<ServiceInstance> instances = new ArrayList<>();
      try {
        FleetCpu start = FleetCpu.now(instances);
        for (int i = 0; i < count; i++) {
          instances.add(ServiceInstance.start(dir, group + "-" + i, config));
        }
        Sample first = null;
        Sample last;
        do {
          Workload.sleep(100);
          instances.forEach(ServiceInstance::checkAlive);
          last = new Sample(durable(db, topic), FleetCpu.now(instances));
          if (first == null && last.positions() > 0) {
            first = last;
          }
          if (last.at().since(start).seconds() > TIMEOUT.toSeconds()) {
            throw new IllegalStateException(last.positions() + " of " + documents + " records durable after "
                + TIMEOUT + "; log:\n" + instances.get(0).output());
          }
        } while (last.positions() < documents);
        long events = db.count("SELECT count(*) FROM swap_events");
        return new ScalingRow(count, documents, events, first.positions(), last.at().since(start).seconds(),
            last.at().since(first.at()), first.at().since(start).seconds());
      } finally {
        instances.forEach(ServiceInstance::kill);
      }
    }
  }

  /** Records durable on every partition of the topic; 0 before the first commit made the table. */
  static long durable(TestDatabase db, String topic) {
    try {
      return db.count("SELECT coalesce(sum(position), 0) FROM swap_checkpoints WHERE source_id LIKE 'kafka:"
          + topic + ":%'");
    } catch (RuntimeException tableNotYetMade) {
      return 0;
    }
  }
}
