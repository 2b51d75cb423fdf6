package io.swapflush.launcher.config;

import io.swapflush.alerts.AlertSettings;
import io.swapflush.flusher.FlusherSettings;
import io.swapflush.flusher.OverflowPolicy;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.signal.TriggerRule;
import io.swapflush.processor.signal.WindowSpec;
import io.swapflush.processor.source.HttpSourceSettings;
import io.swapflush.processor.source.JsonlSettings;
import io.swapflush.processor.source.SyntheticSettings;
import io.swapflush.source.SourceSettings;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, validated. Every key has a default, so {@code {}} runs against a local
 * PostgreSQL; the libpq variables override the {@code pg} section; unknown keys are rejected.
 */
public record SwapflushConfig(PgConnectOptions pg, int poolSize, HttpSettings http, HealthSettings health,
                              FlusherSettings flusher, ProcessorSettings processor, boolean standby,
                              int retentionDays, AlertSettings alerts) {

  /** Reads and validates the configuration; throws {@link ConfigException} naming the first bad key. */
  public static SwapflushConfig from(JsonObject json, Map<String, String> env) {
    ConfigSection root = new ConfigSection(json, "");
    ConfigSection pgSection = root.section("pg");
    PgConnectOptions pg = pg(pgSection, env);
    int poolSize = pgSection.positiveInt("poolSize", 2);
    pgSection.rejectUnknownKeys();
    ConfigSection processor = root.section("processor");
    // several instances on one file or chain: one reads, the others stand by
    boolean standby = processor.bool("standby", false);
    ConfigSection alerts = processor.section("alerts");
    ConfigSection storage = root.section("storage");
    // 0: keep everything
    int retentionDays = storage.intInRange("retentionDays", 0, 0, 36_500);
    storage.rejectUnknownKeys();
    ProcessorSettings processorSettings = processor(processor, env);
    SwapflushConfig config = new SwapflushConfig(pg, poolSize, http(root.section("http")),
        health(root.section("health")), flusher(root.section("flusher")), processorSettings, standby,
        retentionDays, AlertsConfig.read(alerts, processorSettings.triggers(), env));
    root.rejectUnknownKeys();
    if (config.flusher().maxInFlight() > poolSize) {
      throw new ConfigException("flusher.maxInFlight (" + config.flusher().maxInFlight()
          + ") needs as many connections: raise pg.poolSize, got " + poolSize);
    }
    return config;
  }

  private static PgConnectOptions pg(ConfigSection section, Map<String, String> env) {
    String host = section.string("host", "127.0.0.1");
    int port = section.port("port", 5432);
    String database = section.string("database", "postgres");
    String user = section.string("user", "postgres");
    String password = section.string("password", null);
    PgConnectOptions options = new PgConnectOptions()
        .setHost(env.getOrDefault("PGHOST", host))
        .setDatabase(env.getOrDefault("PGDATABASE", database))
        .setUser(env.getOrDefault("PGUSER", user))
        .setPipeliningLimit(256)
        // without the cache every batch is two round trips: describe, then execute
        .setCachePreparedStatements(true)
        // the server ends a statement running longer; the flusher gives up a link silent longer (plus a margin)
        .addProperty("statement_timeout", Long.toString(section.positiveLong("statementTimeoutMs", 30_000)));
    String envPort = env.get("PGPORT");
    try {
      options.setPort(envPort != null ? Integer.parseInt(envPort) : port);
    } catch (NumberFormatException e) {
      throw new ConfigException("environment variable PGPORT must be a port number, got \"" + envPort + "\"");
    }
    // no password unless one is given, not the client's built-in default (the client takes no null)
    options.setPassword(env.getOrDefault("PGPASSWORD", password == null ? "" : password));
    return options;
  }

  private static HttpSettings http(ConfigSection section) {
    HttpSettings http = new HttpSettings(section.string("host", "127.0.0.1"), section.port("port", 8080),
        section.positiveInt("idleTimeoutSeconds", HttpSettings.DEFAULT_IDLE_TIMEOUT_SECONDS),
        section.positiveLong("maxBodyBytesInFlight", HttpSettings.DEFAULT_MAX_BODY_BYTES_IN_FLIGHT));
    section.rejectUnknownKeys();
    return http;
  }

  private static HealthSettings health(ConfigSection section) {
    HealthSettings d = HealthSettings.DEFAULTS;
    HealthSettings health = new HealthSettings(section.positiveLong("writeStallMs", d.writeStallMs()),
        section.positiveLong("sourceStallMs", d.sourceStallMs()), section.positiveLong("sourceLagMs", d.sourceLagMs()));
    section.rejectUnknownKeys();
    return health;
  }

  /** The flusher of {@code other} (a re-read config file) in place of this one's; nothing else changes. */
  public SwapflushConfig withFlusherOf(SwapflushConfig other) {
    return new SwapflushConfig(other.pg(), other.poolSize(), http, health, other.flusher(), processor, standby,
        retentionDays, alerts);
  }

  private static FlusherSettings flusher(ConfigSection section) {
    FlusherSettings d = FlusherSettings.DEFAULTS;
    int maxQueue = section.positiveInt("maxQueue", d.maxQueue());
    int batchSize = section.positiveInt("batchSize", d.batchSize());
    int maxInFlight = section.positiveInt("maxInFlight", d.maxInFlight());
    long flushIntervalMs = section.positiveLong("flushIntervalMs", d.flushIntervalMs());
    long lingerMs = section.nonNegativeLong("lingerMs", d.lingerMs());
    long drainTimeoutMs = section.nonNegativeLong("drainTimeoutMs", d.drainTimeoutMs());
    long retryMinMs = section.positiveLong("retryMinMs", d.retryMinMs());
    long retryMaxMs = section.positiveLong("retryMaxMs", Math.max(d.retryMaxMs(), retryMinMs));
    OverflowPolicy overflow = OverflowPolicy.ofLabel(section.oneOf("overflow", d.overflow().label(),
        Arrays.stream(OverflowPolicy.values()).map(OverflowPolicy::label).toList()));
    String spillDir = section.string("spillDir", d.spillDir());
    section.rejectUnknownKeys();
    if (retryMaxMs < retryMinMs) {
      throw new ConfigException("flusher.retryMaxMs must not be below flusher.retryMinMs, got " + retryMaxMs);
    }
    return new FlusherSettings(maxQueue, batchSize, maxInFlight, flushIntervalMs, lingerMs, drainTimeoutMs, retryMinMs,
        retryMaxMs, overflow, spillDir);
  }

  private static ProcessorSettings processor(ConfigSection section, Map<String, String> env) {
    ProcessorSettings d = ProcessorSettings.DEFAULTS;
    SourceSettings source = source(section.section("source"), env);
    int outboxSize = section.positiveInt("outboxSize", d.outboxSize());
    long retryMinMs = section.positiveLong("retryMinMs", d.retryMinMs());
    long retryMaxMs = section.positiveLong("retryMaxMs", Math.max(d.retryMaxMs(), retryMinMs));
    int maxTransactionBytes = section.positiveInt("maxTransactionBytes", d.maxTransactionBytes());
    long stopTimeoutMs = section.nonNegativeLong("stopTimeoutMs", d.stopTimeoutMs());
    ConfigSection counters = section.section("counters");
    List<WindowSpec> windows = SignalConfig.windows(counters, d.windows());
    int maxMints = counters.positiveInt("maxMints", d.maxMints());
    counters.rejectUnknownKeys();
    List<TriggerRule> triggers = SignalConfig.triggers(section.objects("triggers"), windows);
    section.rejectUnknownKeys();
    if (retryMaxMs < retryMinMs) {
      throw new ConfigException("processor.retryMaxMs must not be below processor.retryMinMs, got " + retryMaxMs);
    }
    return new ProcessorSettings(source, outboxSize, retryMinMs, retryMaxMs, maxTransactionBytes, stopTimeoutMs,
        windows, maxMints, triggers);
  }

  private static JsonlSettings jsonl(ConfigSection section) {
    String path = section.requiredString("path");
    // the file's absolute, normalized path: its identity, found without touching the disk
    String sourceId = section.string("sourceId", Path.of(path).toAbsolutePath().normalize().toString());
    return new JsonlSettings(path, sourceId, section.bool("fromStart", false), section.bool("follow", false));
  }

  private static SourceSettings source(ConfigSection section, Map<String, String> env) {
    String type = section.oneOf("type", "synthetic", List.of("synthetic", "jsonl", "http", "rpc", "grpc", "kafka"));
    SourceSettings source = switch (type) {
      case "jsonl" -> jsonl(section);
      case "rpc" -> RpcConfig.read(section, env);
      case "grpc" -> GrpcConfig.read(section, env);
      case "kafka" -> KafkaConfig.read(section);
      case "http" -> new HttpSourceSettings();
      default -> new SyntheticSettings(section.positiveNumber("ratePerSecond", 400,
          SyntheticSettings.MAX_RATE_PER_SECOND));
    };
    section.rejectUnknownKeys();
    return source;
  }
}
