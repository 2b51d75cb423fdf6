package io.swapflush.source.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.swapflush.source.SourceState;
import io.swapflush.source.TransactionSource;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer group member on a topic whose records are documents. Each partition is a sequence of
 * its own (checkpoint id {@code kafka:<topic>:<partition>}): position = records read, cursor = the
 * next offset, committed with the rows. On assignment a partition resumes from the cursor stored in
 * the database (Kafka's committed offsets are only a copy, committed after the database for lag
 * tools); on revocation its records not yet handed on are dropped, and those handed on are written
 * by this instance while the new owner reads them again: rows are idempotent and the checkpoint
 * never moves back. Records come in whole polls (a batch handler), so every record that arrives
 * after a seek has completed was fetched after it.
 */
final class KafkaSource implements TransactionSource {

  private static final Logger log = LoggerFactory.getLogger(KafkaSource.class);
  private static final long COMMIT_INTERVAL_MS = 1000;
  private static final long REPOSITION_DELAY_MS = 1000;
  /** A poll while every partition is paused waits this long, and holds up the resume queued behind it. */
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  private final KafkaSettings settings;
  private final int maxDocumentBytes;
  private final RateLimitedWarnings warnings = new RateLimitedWarnings(log, 5000);
  private final Map<TopicPartition, OwnedPartition> owned = new HashMap<>();
  /**
   * How far this instance has handed on each partition, kept when it loses one: what it handed on is
   * still written, so when the partition comes back it need not be read again.
   */
  private final Map<TopicPartition, PartitionCursor> handed = new HashMap<>();
  /** Records of a poll not handed on yet: the pipeline paused the source. */
  private final ArrayDeque<KafkaConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
  private Vertx vertx;
  private RecordSink sink;
  private PartitionCheckpoints checkpoints;
  private KafkaConsumer<byte[], byte[]> consumer;
  private long commitTimer = -1;
  private boolean paused;
  /** Whether the consumer's partitions are paused too: only once records arrive while the source is paused. */
  private boolean fetchPaused;
  private boolean stopped;
  private final TopicWatch watch;
  private final MeterRegistry registry;
  private KafkaProgress progress;
  /** Whether, at the last look, a partition of this instance had records the consumer had not fetched. */
  private boolean unfetched;

  KafkaSource(KafkaSettings settings, int maxDocumentBytes, MeterRegistry registry) {
    this.settings = settings;
    this.maxDocumentBytes = maxDocumentBytes;
    this.watch = new TopicWatch(settings, this::viewed);
    this.registry = registry;
  }

  /** Positioned (the processor sends every record with its partition's checkpoint), but resumed per partition. */
  @Override
  public String id() {
    return "kafka:" + settings.topic();
  }

  @Override
  public Future<Void> start(Vertx vertx, RecordSink sink, SourceCheckpoint resumeAfter) {
    this.vertx = vertx;
    this.sink = sink;
    checkpoints = new PartitionCheckpoints(vertx);
    consumer = KafkaConsumer.create(vertx, settings.consumerConfig());
    consumer.pollTimeout(POLL_TIMEOUT)
        .partitionsAssignedHandler(this::assigned)
        .partitionsRevokedHandler(this::revoked)
        .exceptionHandler(e -> warnings.warn("Kafka consumer: " + e))
        .batchHandler(this::received);
    KafkaConsumer<byte[], byte[]> started = consumer;
    progress = new KafkaProgress(registry, id());
    watch.start(vertx);
    return consumer.subscribe(settings.topic())
        .map(v -> {
          commitTimer = vertx.setPeriodic(COMMIT_INTERVAL_MS, id -> commitDurable());
          log.info("Consuming {} as group {} from {}", settings.topic(), settings.groupId(), settings.bootstrapServers());
          return (Void) null;
        })
        .recover(e -> {
          progress.close();
          return Future.join(watch.stop(), started.close()).transform(ar -> Future.failedFuture("cannot subscribe to "
              + settings.topic() + ": " + e.getMessage()));
        });
  }

  private void assigned(Set<TopicPartition> partitions) {
    if (stopped) {
      return;
    }
    log.info("Partitions assigned: {}", partitions);
    if (fetchPaused) {
      consumer.pause(partitions);
    }
    partitions.forEach(tp -> {
      OwnedPartition partition = new OwnedPartition(tp);
      owned.put(tp, partition);
      position(partition);
    });
  }

  /** Sends the consumer to the later of the stored cursor and what this instance already handed on. */
  private void position(OwnedPartition partition) {
    checkpoints.stored(partition.checkpointId, () -> owns(partition))
        .map(stored -> PartitionCursor.of(stored).later(handed.get(partition.partition)))
        .compose(from -> seek(partition.partition, from).map(from))
        .onSuccess(from -> {
          if (owns(partition)) {
            partition.cursor = from;
            // fetched before the seek: read again from the cursor
            pending.removeIf(r -> partition.partition.equals(partitionOf(r)));
            log.info("{} resumes at offset {} (position {})", partition.checkpointId,
                from.nextOffset() < 0 ? "its beginning" : from.nextOffset(), from.position());
            drain();
          }
        })
        .onFailure(e -> {
          if (owns(partition)) {
            warnings.warn("Positioning " + partition.checkpointId + " failed (" + e.getMessage() + "); trying again");
            vertx.setTimer(REPOSITION_DELAY_MS, id -> position(partition));
          }
        });
  }

  private Future<Void> seek(TopicPartition partition, PartitionCursor from) {
    return from.nextOffset() < 0 ? consumer.seekToBeginning(partition) : consumer.seek(partition, from.nextOffset());
  }

  private boolean owns(OwnedPartition partition) {
    return !stopped && owned.get(partition.partition) == partition;
  }

  private void revoked(Set<TopicPartition> partitions) {
    log.info("Partitions revoked: {}", partitions);
    partitions.forEach(owned::remove);
    pending.removeIf(r -> partitions.contains(partitionOf(r)));
  }

  private void received(KafkaConsumerRecords<byte[], byte[]> records) {
    if (stopped) {
      return;
    }
    for (int i = 0; i < records.size(); i++) {
      pending.add(records.recordAt(i));
    }
    drain();
    if (paused && !fetchPaused && !owned.isEmpty()) {
      // the consumer keeps polling (and so its group membership) but fetches nothing more
      fetchPaused = true;
      consumer.pause(Set.copyOf(owned.keySet()));
    }
  }

  private void drain() {
    KafkaConsumerRecord<byte[], byte[]> record;
    while (!paused && !stopped && (record = pending.poll()) != null) {
      hand(record);
    }
  }

  private void hand(KafkaConsumerRecord<byte[], byte[]> record) {
    OwnedPartition partition = owned.get(partitionOf(record));
    if (partition == null || !partition.positioned() || record.offset() < partition.cursor.nextOffset()) {
      return; // not ours, or fetched before the seek to the cursor, or below the cursor
    }
    partition.cursor = partition.cursor.after(record.offset());
    handed.put(partition.partition, partition.cursor);
    long position = partition.cursor.position();
    String cursor = partition.cursor.cursor();
    byte[] value = record.value();
    if (value == null) {
      sink.deliver(new SourceRecord.Rejected(partition.checkpointId, position, cursor, "not-a-document",
          where(record) + " has no value"));
    } else if (value.length > maxDocumentBytes) {
      sink.deliver(new SourceRecord.Rejected(partition.checkpointId, position, cursor, "too-large",
          where(record) + " has " + value.length + " bytes, more than the limit of " + maxDocumentBytes));
    } else {
      sink.deliver(new SourceRecord.Document(partition.checkpointId, position, cursor, value));
    }
  }

  private static TopicPartition partitionOf(KafkaConsumerRecord<?, ?> record) {
    return new TopicPartition(record.topic(), record.partition());
  }

  private static String where(KafkaConsumerRecord<?, ?> record) {
    return "record " + record.topic() + "/" + record.partition() + "@" + record.offset();
  }

  /**
   * Commits to Kafka, for lag tools, the cursor of what is durable in the database; never the
   * truth a partition resumes from.
   */
  private void commitDurable() {
    List<OwnedPartition> partitions = owned.values().stream().filter(OwnedPartition::positioned).toList();
    List<Future<SourceCheckpoint>> durable = partitions.stream().map(p -> checkpoints.durable(p.checkpointId)).toList();
    Future.join(durable).onComplete(ar -> {
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      Map<OwnedPartition, Long> committing = new HashMap<>();
      for (int i = 0; i < partitions.size(); i++) {
        OwnedPartition partition = partitions.get(i);
        long offset = durable.get(i).succeeded() ? PartitionCursor.of(durable.get(i).result()).nextOffset() : -1;
        if (offset > partition.committedOffset && owns(partition)) {
          offsets.put(partition.partition, new OffsetAndMetadata(offset, ""));
          committing.put(partition, offset);
        }
      }
      if (!offsets.isEmpty()) {
        consumer.commit(offsets)
            .onSuccess(v -> committing.forEach((partition, offset) -> partition.committedOffset = offset))
            .onFailure(e -> log.debug("Kafka offsets not committed (a rebalance?): {}", e.getMessage()));
      }
    });
  }

  /**
   * Compares where the consumer is in each of this instance's partitions with where the partition
   * ends: the consumer lag, and whether input waits unread (so a source that reads nothing can be
   * told stalled from one that has nothing to read).
   */
  private void viewed(TopicView view) {
    if (view == null) {
      unfetched = false;
      progress.unknown();
      return;
    }
    List<OwnedPartition> partitions = owned.values().stream().filter(OwnedPartition::positioned).toList();
    List<Future<Long>> positions = partitions.stream().map(p -> consumer.position(p.partition)).toList();
    Future.join(positions).onComplete(ar -> {
      Map<String, Long> lags = new HashMap<>();
      for (int i = 0; i < partitions.size(); i++) {
        OwnedPartition partition = partitions.get(i);
        Long end = view.endOffsets().get(partition.partition.getPartition());
        if (positions.get(i).succeeded() && end != null && owns(partition)) {
          lags.put(partition.checkpointId, Math.max(0, end - positions.get(i).result()));
        }
      }
      unfetched = lags.values().stream().anyMatch(lag -> lag > 0);
      progress.seen(lags, view.unassigned().size());
    });
  }

  @Override
  public Future<Boolean> hasUnreadInput() {
    return Future.succeededFuture(unfetched || !pending.isEmpty());
  }

  @Override
  public SourceState state() {
    return new SourceState(watch.problem(), -1, -1);
  }

  /** Short pauses cost nothing: the partitions are paused only when more records arrive meanwhile. */
  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public void resume() {
    paused = false;
    if (fetchPaused) {
      fetchPaused = false;
      if (!owned.isEmpty()) {
        consumer.resume(Set.copyOf(owned.keySet()));
      }
    }
    drain();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    pending.clear();
    if (consumer == null) {
      return Future.succeededFuture();
    }
    progress.close();
    vertx.cancelTimer(commitTimer);
    return Future.join(watch.stop(), consumer.close()).mapEmpty();
  }
}
