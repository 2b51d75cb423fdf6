package io.swapflush.source.kafka;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.ConsumerGroupDescription;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.ListOffsetsResultInfo;
import io.vertx.kafka.admin.MemberDescription;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.admin.TopicDescription;
import io.vertx.kafka.client.common.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.ConsumerGroupState;

/**
 * Asks the brokers every 2 s, apart from the consumer, what the topic and the group look like: how
 * many partitions there are, which of them no member reads, where each ends. The consumer itself
 * says nothing when its broker is gone (its polls just come back empty) and learns of new
 * partitions only at its next metadata refresh; this is how the source can tell it is cut off or
 * that input waits unread. On the source's context.
 */
final class TopicWatch {

  private static final long PROBE_INTERVAL_MS = 2000;
  private static final long PROBE_TIMEOUT_MS = 5000;
  /** Longer than a probe's timeout: one slow answer is not an outage. */
  private static final long UNREACHABLE_AFTER_MS = 10_000;
  /** Longer than a quick rebalance, in which every partition is briefly unread. */
  private static final long UNASSIGNED_AFTER_MS = 5_000;

  private final KafkaSettings settings;
  private final Consumer<TopicView> listener;
  private Vertx vertx;
  private KafkaAdminClient admin;
  private long timer = -1;
  private boolean stopped;
  private TopicView view;
  private long failingSince;
  private String lastError;
  private long unassignedSince = -1;

  /** {@code listener} hears each answer, and null when a probe failed (nothing is known then). */
  TopicWatch(KafkaSettings settings, Consumer<TopicView> listener) {
    this.settings = settings;
    this.listener = listener;
  }

  void start(Vertx vertx) {
    this.vertx = vertx;
    admin = KafkaAdminClient.create(vertx, settings.adminConfig());
    failingSince = now();
    lastError = "no answer yet";
    probe();
  }

  private void probe() {
    describe().timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.succeeded()) {
        answered(ar.result());
      } else {
        failed(ar.cause());
      }
      timer = vertx.setTimer(PROBE_INTERVAL_MS, id -> probe());
    });
  }

  private Future<TopicView> describe() {
    String topic = settings.topic();
    Future<Map<String, TopicDescription>> topics = admin.describeTopics(List.of(topic));
    Future<Map<String, ConsumerGroupDescription>> groups = admin.describeConsumerGroups(List.of(settings.groupId()));
    return Future.all(topics, groups).compose(v -> {
      int partitions = topics.result().get(topic).getPartitions().size();
      Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
          .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.LATEST));
      ConsumerGroupDescription group = groups.result().get(settings.groupId());
      return admin.listOffsets(latest).map(ends -> new TopicView(partitions, unassigned(group, partitions),
          String.valueOf(group.getState()), endOffsets(ends)));
    });
  }

  private Set<Integer> unassigned(ConsumerGroupDescription group, int partitions) {
    Set<Integer> unread = IntStream.range(0, partitions).boxed().collect(Collectors.toCollection(TreeSet::new));
    if (group.getState() == ConsumerGroupState.STABLE) {
      for (MemberDescription member : group.getMembers()) {
        member.getAssignment().getTopicPartitions().stream().filter(tp -> tp.getTopic().equals(settings.topic()))
            .forEach(tp -> unread.remove(tp.getPartition()));
      }
    }
    return unread;
  }

  private static Map<Integer, Long> endOffsets(Map<TopicPartition, ListOffsetsResultInfo> ends) {
    Map<Integer, Long> offsets = new HashMap<>();
    ends.forEach((tp, info) -> offsets.put(tp.getPartition(), info.getOffset()));
    return offsets;
  }

  private void answered(TopicView answer) {
    view = answer;
    failingSince = -1;
    lastError = null;
    if (answer.unassigned().isEmpty()) {
      unassignedSince = -1;
    } else if (unassignedSince < 0) {
      unassignedSince = now();
    }
    listener.accept(answer);
  }

  private void failed(Throwable cause) {
    view = null;
    if (failingSince < 0) {
      failingSince = now();
    }
    lastError = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    listener.accept(null);
  }

  /** The topic and group as last described; null while the brokers do not answer. */
  TopicView view() {
    return view;
  }

  /** What keeps the topic from being read, said on /health; null when nothing does. */
  String problem() {
    long now = now();
    if (failingSince >= 0 && now - failingSince >= UNREACHABLE_AFTER_MS) {
      return "Kafka at " + settings.bootstrapServers() + " could not describe topic " + settings.topic()
          + " and group " + settings.groupId() + " for " + (now - failingSince) / 1000 + " s: " + lastError;
    }
    if (view != null && unassignedSince >= 0 && now - unassignedSince >= UNASSIGNED_AFTER_MS) {
      return "partitions " + view.unassigned() + " of " + view.partitions() + " of topic " + settings.topic()
          + " have been read by no member of group " + settings.groupId() + " for " + (now - unassignedSince) / 1000
          + " s (group " + view.groupState() + ")";
    }
    return null;
  }

  Future<Void> stop() {
    stopped = true;
    if (admin == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    return admin.close(PROBE_TIMEOUT_MS);
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
