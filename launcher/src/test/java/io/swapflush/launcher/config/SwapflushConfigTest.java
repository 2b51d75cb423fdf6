package io.swapflush.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swapflush.flusher.FlusherSettings;
import io.swapflush.parse.Mints;
import io.swapflush.processor.ProcessorSettings;
import io.swapflush.processor.signal.Metric;
import io.swapflush.processor.signal.TriggerRule;
import io.swapflush.processor.signal.WindowSpec;
import io.swapflush.processor.source.HttpSourceSettings;
import io.swapflush.processor.source.JsonlSettings;
import io.swapflush.processor.source.SyntheticSettings;
import io.swapflush.source.SourceSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwapflushConfigTest {

  private static String error(String json) {
    return assertThrows(ConfigException.class, () -> SwapflushConfig.from(new JsonObject(json), Map.of())).getMessage();
  }

  /** The defaults README.md documents, written out here so that a change of either shows up. */
  @Test
  void emptyConfigGivesTheDocumentedDefaults() {
    SwapflushConfig config = SwapflushConfig.from(new JsonObject(), Map.of());
    assertEquals("127.0.0.1", config.pg().getHost());
    assertEquals(5432, config.pg().getPort());
    assertEquals("postgres", config.pg().getDatabase());
    assertEquals("postgres", config.pg().getUser());
    assertEquals(2, config.poolSize());
    assertEquals(new HttpSettings("127.0.0.1", 8080), config.http());

    FlusherSettings flusher = config.flusher();
    assertEquals(40_000, flusher.maxQueue());
    assertEquals(10_000, flusher.batchSize());
    assertEquals(2, flusher.maxInFlight());
    assertEquals(1000, flusher.flushIntervalMs());
    assertEquals(0, flusher.lingerMs());
    assertEquals(30_000, flusher.drainTimeoutMs());
    assertEquals(100, flusher.retryMinMs());
    assertEquals(5000, flusher.retryMaxMs());
    assertEquals("backpressure", flusher.overflow().label());
    assertEquals("data/spill", flusher.spillDir());

    ProcessorSettings processor = config.processor();
    assertEquals(new SyntheticSettings(400), processor.source());
    assertEquals(1000, processor.outboxSize());
    assertEquals(50, processor.retryMinMs());
    assertEquals(2000, processor.retryMaxMs());
    assertEquals(1_048_576, processor.maxTransactionBytes());
    assertEquals(30_000, processor.stopTimeoutMs());
    assertEquals(List.of("1m", "5m"), processor.windows().stream().map(WindowSpec::label).toList());
    assertEquals(50_000, processor.maxMints());
    assertEquals(List.of(), processor.triggers());
  }

  @Test
  void noPasswordUnlessOneIsGiven() {
    assertEquals("", SwapflushConfig.from(new JsonObject(), Map.of()).pg().getPassword());
  }

  @Test
  void aJsonlSourceHasTheDocumentedDefaults() {
    SwapflushConfig config = SwapflushConfig.from(new JsonObject(
        "{\"processor\":{\"source\":{\"type\":\"jsonl\",\"path\":\"in/../feed.jsonl\"}}}"), Map.of());
    String absolute = Path.of("feed.jsonl").toAbsolutePath().toString();
    assertEquals(new JsonlSettings("in/../feed.jsonl", absolute, false, false), config.processor().source(),
        "sourceId: the file's absolute path; fromStart and follow: false");
  }

  @Test
  void aBadValueIsNamedByItsPath() {
    assertEquals("flusher.batchSize must be a positive integer, got \"ten\"", error("{\"flusher\":{\"batchSize\":\"ten\"}}"));
    assertEquals("flusher.maxQueue must be a positive integer, got 0", error("{\"flusher\":{\"maxQueue\":0}}"));
    assertEquals("http.port must be a port number (0-65535), got 70000", error("{\"http\":{\"port\":70000}}"));
    assertEquals("processor.source.type must be one of synthetic, jsonl, http, rpc, grpc, kafka, got \"geyser\"",
        error("{\"processor\":{\"source\":{\"type\":\"geyser\"}}}"));
    assertEquals("processor.source.path is required", error("{\"processor\":{\"source\":{\"type\":\"jsonl\"}}}"));
    assertEquals("pg must be an object, got 5", error("{\"pg\":5}"));
    assertEquals("flusher.overflow must be one of backpressure, drop-newest, drop-oldest, got \"drop\"",
        error("{\"flusher\":{\"overflow\":\"drop\"}}"));
    assertEquals("flusher.retryMaxMs must not be below flusher.retryMinMs, got 5",
        error("{\"flusher\":{\"retryMinMs\":10,\"retryMaxMs\":5}}"));
    assertEquals("storage.retentionDays must be an integer from 0 to 36500, got -1",
        error("{\"storage\":{\"retentionDays\":-1}}"));
  }

  @Test
  void retentionKeepsEverythingUnlessDaysAreGiven() {
    assertEquals(0, SwapflushConfig.from(new JsonObject(), Map.of()).retentionDays());
    assertEquals(30, SwapflushConfig.from(new JsonObject("{\"storage\":{\"retentionDays\":30}}"), Map.of())
        .retentionDays());
    String message = error("{\"storage\":{\"retentionDay\":30}}");
    assertEquals("unknown key storage.retentionDay", message.substring(0, message.indexOf(" (")));
  }

  @Test
  void anUnknownKeyIsNamedByItsPath() {
    String message = error("{\"flusher\":{\"batchSize\":10,\"bachSize\":10}}");
    assertEquals("unknown key flusher.bachSize", message.substring(0, message.indexOf(" (")));
    assertEquals("unknown key colour", error("{\"colour\":1}").substring(0, "unknown key colour".length()));
    String nested = error("{\"processor\":{\"source\":{\"type\":\"synthetic\",\"path\":\"x\"}}}");
    assertEquals("unknown key processor.source.path", nested.substring(0, nested.indexOf(" (")));
  }

  @Test
  void triggerRulesAreReadAndCheckedByPath() {
    SwapflushConfig config = SwapflushConfig.from(new JsonObject("""
        {"processor": {"triggers": [{"name": "buy-spike", "metric": "buyVolume", "window": "1m", "above": 500,
                                     "quoteMint": "SOL", "cooldown": "5m"}]}}"""), Map.of());
    assertEquals(List.of(new TriggerRule("buy-spike", Metric.BUY_VOLUME, WindowSpec.parse("1m"), 500,
        Mints.SOL, null, 300_000)), config.processor().triggers());

    assertEquals("processor.triggers[0].metric must be one of trades, buys, sells, buyVolume, sellVolume, traders, "
        + "buySellRatio, got \"volume\"",
        error("""
            {"processor": {"triggers": [{"name": "a", "metric": "volume", "above": 1}]}}"""));
    assertEquals("processor.triggers[0].quoteMint is required for buyVolume", error("""
        {"processor": {"triggers": [{"name": "a", "metric": "buyVolume", "above": 1}]}}"""));
    assertEquals("processor.triggers[1].window must be one of processor.counters.windows [1m, 5m], got \"2m\"",
        error("""
            {"processor": {"triggers": [{"name": "a", "metric": "trades", "above": 1},
                                        {"name": "b", "metric": "trades", "above": 1, "window": "2m"}]}}"""));
    assertEquals("processor.triggers[0].above is required", error("""
        {"processor": {"triggers": [{"name": "a", "metric": "trades"}]}}"""));
    assertEquals("processor.counters.windows must hold durations like \"30s\", \"1m\", \"1h\", got \"soon\"",
        error("""
            {"processor": {"counters": {"windows": ["1m", "soon"]}}}"""));
  }

  @Test
  void libpqVariablesOverrideThePgSection() {
    SwapflushConfig config = SwapflushConfig.from(new JsonObject("{\"pg\":{\"host\":\"db\",\"port\":1,\"user\":\"u\"}}"),
        Map.of("PGHOST", "elsewhere", "PGPORT", "6543", "PGPASSWORD", "secret", "PGDATABASE", "swaps"));
    assertEquals("elsewhere", config.pg().getHost());
    assertEquals(6543, config.pg().getPort());
    assertEquals("u", config.pg().getUser());
    assertEquals("swaps", config.pg().getDatabase());
    assertEquals("secret", config.pg().getPassword());
  }
}
