package io.swapflush.bench;

import io.swapflush.processor.source.SyntheticTransactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Generated transactions (SyntheticTransactions) written steadily on a thread of its own, a step of
 * {@link #PER_STEP} every {@link #STEP_MS} ms, until closed: to a Kafka topic's partitions in turn,
 * or appended to a jsonl file. What a takeover is measured under: input that keeps coming.
 */
final class SteadyFeed implements AutoCloseable {

  static final int PER_STEP = 100;
  static final int STEP_MS = 100;

  private final Thread thread;
  private final AutoCloseable resource;
  private volatile boolean running = true;

  private SteadyFeed(Consumer<String> sink, AutoCloseable resource, long seed) {
    this.resource = resource;
    SyntheticTransactions generator = new SyntheticTransactions(seed);
    this.thread = new Thread(() -> {
      while (running) {
        for (int i = 0; i < PER_STEP; i++) {
          sink.accept(generator.next());
        }
        Workload.sleep(STEP_MS);
      }
    }, "steady-feed");
    thread.setDaemon(true);
    thread.start();
  }

  static SteadyFeed toTopic(String bootstrapServers, String topic, int partitions, long seed) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // as KafkaBroker.produce: one request in flight keeps the order without idempotence
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
        new ByteArraySerializer());
    int[] next = {0};
    return new SteadyFeed(line -> producer.send(new ProducerRecord<>(topic, next[0]++ % partitions, null,
        line.getBytes(StandardCharsets.UTF_8))), producer, seed);
  }

  static SteadyFeed toFile(Path file, long seed) {
    return new SteadyFeed(line -> {
      try {
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, () -> { }, seed);
  }

  @Override
  public void close() throws Exception {
    running = false;
    thread.join();
    resource.close();
  }
}
