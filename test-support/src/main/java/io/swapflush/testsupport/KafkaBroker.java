package io.swapflush.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker (Maven Central's {@code kafka_2.13}) in KRaft combined mode, as a process of
 * the test suite: storage formatted in a temporary directory, listeners on free loopback ports. As
 * a static field registered with {@code @RegisterExtension}, it is stopped (and its directory
 * deleted) after the test class.
 */
public final class KafkaBroker implements AutoCloseable, AfterAllCallback {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String STARTED = "Kafka Server started";

  private final Path dir;
  private final String classpath;
  private final int port;
  private Process process;

  private KafkaBroker(Path dir, String classpath, int port) {
    this.dir = dir;
    this.classpath = classpath;
    this.port = port;
  }

  /** Formats storage and starts the broker; returns once it serves clients. */
  public static KafkaBroker start() {
    try {
      Path dir = Files.createTempDirectory("kafka-broker-");
      int port = freePort();
      Path config = writeConfig(dir, port, freePort());
      String classpath = classpath();
      Process format = java(classpath, "256m", List.of("kafka.tools.StorageTool", "format", "-t", clusterId(),
          "-c", config.toString()), dir.resolve("format.log"));
      if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
        format.destroyForcibly();
        throw new IllegalStateException("formatting the Kafka storage failed:\n" + Files.readString(dir.resolve("format.log")));
      }
      KafkaBroker broker = new KafkaBroker(dir, classpath, port);
      broker.restart();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the broker process on the storage and ports it had; returns once it serves clients. */
  public void restart() throws IOException, InterruptedException {
    process = java(classpath, "512m", List.of("kafka.Kafka", dir.resolve("server.properties").toString()),
        dir.resolve("broker.log"));
    awaitStarted();
  }

  /** Kills the broker process (SIGKILL), keeping its storage for {@link #restart()}. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private static Path writeConfig(Path dir, int port, int controllerPort) throws IOException {
    String config = String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dir.resolve("data"),
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        // one partition of the group offsets: quick to create, enough for tests
        "offsets.topic.num.partitions=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=1",
        "group.initial.rebalance.delay.ms=0",
        "");
    return Files.writeString(dir.resolve("server.properties"), config);
  }

  /** The broker's jars, resolved by the kafka-broker module: they are not on the tests' classpath. */
  private static String classpath() throws IOException {
    try (InputStream in = KafkaBroker.class.getResourceAsStream("/kafka-broker.classpath")) {
      if (in == null) {
        throw new IllegalStateException("kafka-broker.classpath is not on the classpath: build the kafka-broker module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
  }

  private static Process java(String classpath, String heap, List<String> mainAndArgs, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + heap, "-cp", classpath));
    command.addAll(mainAndArgs);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * A random cluster id in Kafka's form: 16 bytes, URL-safe base64 without padding; never starting
   * with '-', which the format tool's argument parser would take for an option (as Kafka's own ids avoid).
   */
  private static String clusterId() {
    String id;
    do {
      UUID uuid = UUID.randomUUID();
      byte[] bytes = new byte[16];
      for (int i = 0; i < 8; i++) {
        bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
        bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
      }
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitStarted() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!log().contains(STARTED)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = log();
        close();
        throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT + ":\n" + log);
      }
      Thread.sleep(100);
    }
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("broker.log"));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Creates a topic and waits until each of its partitions has a leader. */
  public void createTopic(String topic, int partitions) {
    changeTopic("creating topic " + topic, topic, admin -> admin.createTopics(
        List.of(new NewTopic(topic, partitions, (short) 1))).all().get(60, TimeUnit.SECONDS));
  }

  /** Grows a topic to {@code partitions} partitions and waits until each has a leader. */
  public void addPartitions(String topic, int partitions) {
    changeTopic("adding partitions to " + topic, topic, admin -> admin.createPartitions(
        Map.of(topic, NewPartitions.increaseTo(partitions))).all().get(60, TimeUnit.SECONDS));
  }

  private interface TopicChange {
    void apply(Admin admin) throws Exception;
  }

  private void changeTopic(String what, String topic, TopicChange change) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      change.apply(admin);
      awaitLeaders(admin, topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed: " + e, e);
    }
  }

  private static void awaitLeaders(Admin admin, String topic) throws Exception {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!led(described(admin, topic))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("partitions of " + topic + " without a leader after " + START_TIMEOUT);
      }
      Thread.sleep(100);
    }
  }

  /** The topic as the broker describes it; null while its metadata has not reached the broker asked (just created). */
  private static TopicDescription described(Admin admin, String topic) throws Exception {
    try {
      return admin.describeTopics(Set.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw e;
    }
  }

  private static boolean led(TopicDescription topic) {
    return topic != null && topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
  }

  /**
   * Sends {@code values}, value {@code i} to partition {@code i % partitions}; in transactions of
   * {@code perTransaction} records when that is above 0 (each commit marker takes an offset, so the
   * offsets of the records are not dense). Returns where each record went, in order.
   */
  public List<RecordMetadata> produce(String topic, int partitions, List<String> values, int perTransaction) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
    if (perTransaction > 0) {
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-producer-" + UUID.randomUUID());
    } else {
      // an idempotent first batch retried after NOT_LEADER_OR_FOLLOWER on a new topic can be refused for good
      // (OUT_OF_ORDER_SEQUENCE_NUMBER); one request in flight keeps the order without it
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
      config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      if (perTransaction > 0) {
        producer.initTransactions();
      }
      for (int i = 0; i < values.size(); i++) {
        if (perTransaction > 0 && i % perTransaction == 0) {
          producer.beginTransaction();
        }
        sent.add(producer.send(new ProducerRecord<>(topic, i % partitions, null,
            values.get(i).getBytes(StandardCharsets.UTF_8))));
        if (perTransaction > 0 && (i % perTransaction == perTransaction - 1 || i == values.size() - 1)) {
          producer.commitTransaction();
        }
      }
      producer.flush();
      List<RecordMetadata> written = new ArrayList<>();
      for (Future<RecordMetadata> f : sent) {
        written.add(f.get());
      }
      return written;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("producing to " + topic + " failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
