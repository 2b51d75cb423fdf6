package io.swapflush.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.parse.TransactionParser;
import io.swapflush.source.grpc.GrpcSettings;
import io.swapflush.source.rpc.RpcSettings;
import io.swapflush.processor.source.SyntheticSettings;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.kafka.KafkaSettings;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Source and health settings: values that would harm the service are refused, naming the key. */
class SourceConfigTest {

  private static String error(String json) {
    return assertThrows(ConfigException.class, () -> SwapflushConfig.from(new JsonObject(json), Map.of())).getMessage();
  }

  @Test
  void aSyntheticRateTheEventLoopCannotServeIsRefused() {
    assertEquals("processor.source.ratePerSecond must be a number above 0 and at most 50000, got 1.0E9",
        error("{\"processor\":{\"source\":{\"type\":\"synthetic\",\"ratePerSecond\":1e9}}}"));
    assertEquals(50_000.0, ((SyntheticSettings) SwapflushConfig.from(
        new JsonObject("{\"processor\":{\"source\":{\"ratePerSecond\":50000}}}"), Map.of()).processor().source())
        .ratePerSecond());
  }

  @Test
  void healthThresholdsHaveDefaultsAndAreChecked() {
    assertEquals(new HealthSettings(10_000, 30_000, 120_000), SwapflushConfig.from(new JsonObject(), Map.of()).health());
    assertEquals("health.writeStallMs must be a positive integer, got 0", error("{\"health\":{\"writeStallMs\":0}}"));
    String unknown = error("{\"health\":{\"stallMs\":5}}");
    assertEquals("unknown key health.stallMs", unknown.substring(0, unknown.indexOf(" (")));
  }

  private static RpcSettings rpc(String source, Map<String, String> env) {
    return (RpcSettings) SwapflushConfig.from(new JsonObject("{\"processor\":{\"source\":" + source + "}}"), env)
        .processor().source();
  }

  @Test
  void anRpcSourceHasDefaultsAndTakesItsUrlFromTheEnvironment() {
    RpcSettings rpc = rpc("{\"type\":\"rpc\"}", Map.of("SOLANA_RPC_URL", "https://rpc.example.com/v2/s3cretkey"));
    assertEquals("https://rpc.example.com/v2/s3cretkey", rpc.url());
    assertEquals("confirmed", rpc.commitment());
    assertEquals(4, rpc.concurrency());
    assertEquals("solana", rpc.sourceId());
    assertNull(rpc.startSlot(), "latest");
    assertNull(rpc.endSlot());
    assertEquals(0, rpc.maxSupportedTransactionVersion());
    assertFalse(rpc.toString().contains("s3cretkey"), "an API key in the URL is never shown: " + rpc);
    assertEquals("https://rpc.example.com", rpc.shownUrl());

    RpcSettings backfill = rpc("{\"type\":\"rpc\",\"url\":\"http://127.0.0.1:8899\",\"startSlot\":100,"
        + "\"endSlot\":200,\"commitment\":\"finalized\",\"headers\":{\"x-api-key\":\"k\"}}", Map.of());
    assertEquals(100L, backfill.startSlot());
    assertEquals(200L, backfill.endSlot());
    assertEquals(Map.of("x-api-key", "k"), backfill.headers());
  }

  @Test
  void badRpcSettingsAreNamedByTheirPath() {
    assertEquals("processor.source.url is required (or the environment variable SOLANA_RPC_URL)",
        error("{\"processor\":{\"source\":{\"type\":\"rpc\"}}}"));
    assertEquals("processor.source.url must be an http:// or https:// URL with a host",
        error("{\"processor\":{\"source\":{\"type\":\"rpc\",\"url\":\"ws://x\"}}}"));
    assertEquals("processor.source.commitment must be one of confirmed, finalized, got \"processed\"",
        error("{\"processor\":{\"source\":{\"type\":\"rpc\",\"url\":\"http://x\",\"commitment\":\"processed\"}}}"));
    assertEquals("processor.source.endSlot must not be below startSlot, got 5",
        error("{\"processor\":{\"source\":{\"type\":\"rpc\",\"url\":\"http://x\",\"startSlot\":9,\"endSlot\":5}}}"));
    assertEquals("processor.source.startSlot must be a slot number or \"latest\", got \"soon\"",
        error("{\"processor\":{\"source\":{\"type\":\"rpc\",\"url\":\"http://x\",\"startSlot\":\"soon\"}}}"));
    // headers carry API keys: a bad one is named, never shown
    assertEquals("processor.source.headers.x-api-key must be a string",
        error("{\"processor\":{\"source\":{\"type\":\"rpc\",\"url\":\"http://x\",\"headers\":{\"a\":\"secret1\","
            + "\"x-api-key\":[\"secret2\"]}}}}"));
    assertEquals("processor.source.headers must be an object of strings",
        error("{\"processor\":{\"source\":{\"type\":\"rpc\",\"url\":\"http://x\",\"headers\":\"x-api-key: secret\"}}}"));
  }

  @Test
  void aKafkaSourceTakesAnyClientPropertyButThoseItSetsItself() {
    KafkaSettings kafka = (KafkaSettings) SwapflushConfig.from(new JsonObject("{\"processor\":{\"source\":"
        + "{\"type\":\"kafka\",\"bootstrapServers\":\"k1:9092,k2:9092\",\"topic\":\"solana-tx\","
        + "\"properties\":{\"security.protocol\":\"SSL\",\"max.poll.records\":100,\"check.crcs\":false}}}}"),
        Map.of()).processor().source();
    assertEquals(new KafkaSettings("k1:9092,k2:9092", "solana-tx", "swapflush",
        Map.of("security.protocol", "SSL", "max.poll.records", "100", "check.crcs", "false")), kafka);
    assertEquals("processor.source.topic is required",
        error("{\"processor\":{\"source\":{\"type\":\"kafka\",\"bootstrapServers\":\"k:9092\"}}}"));
    assertEquals("processor.source.properties.fetch.min.bytes must be a string, number or boolean, got [1]",
        error("{\"processor\":{\"source\":{\"type\":\"kafka\",\"bootstrapServers\":\"k:9092\",\"topic\":\"t\","
            + "\"properties\":{\"fetch.min.bytes\":[1]}}}}"));
    String own = error("{\"processor\":{\"source\":{\"type\":\"kafka\",\"bootstrapServers\":\"k:9092\",\"topic\":\"t\","
        + "\"properties\":{\"enable.auto.commit\":true}}}}");
    assertEquals("processor.source.properties.enable.auto.commit is set by swapflush", own.substring(0, own.indexOf(" (")));
  }

  private static GrpcSettings grpc(String source, Map<String, String> env) {
    return (GrpcSettings) SwapflushConfig.from(new JsonObject("{\"processor\":{\"source\":" + source + "}}"), env)
        .processor().source();
  }

  @Test
  void aGrpcSourceHasDefaultsAndTakesItsEndpointTokenAndRpcFromTheEnvironment() {
    GrpcSettings grpc = grpc("{\"type\":\"grpc\"}", Map.of("SOLANA_GRPC_URL", "https://grpc.example.com",
        "SOLANA_GRPC_X_TOKEN", "t0ken-s3cret", "SOLANA_RPC_URL", "https://rpc.example.com/k3y"));
    assertEquals(List.of("https://grpc.example.com", "t0ken-s3cret", "solana", "confirmed"),
        List.of(grpc.endpoint(), grpc.xToken(), grpc.sourceId(), grpc.commitment()));
    assertEquals(TransactionParser.tradingPrograms(), grpc.accountInclude(), "every pool and router the parser knows");
    assertNull(grpc.startSlot(), "latest");
    assertEquals(List.of(30_000L, 100L, 30_000L), List.of(grpc.watchdogMs(), grpc.reconnectMinMs(),
        grpc.reconnectMaxMs()));
    assertEquals(List.of("https://rpc.example.com/k3y", "solana", "confirmed"), List.of(grpc.gapFill().url(),
        grpc.gapFill().sourceId(), grpc.gapFill().commitment()), "gaps read from the same provider's JSON-RPC");
    assertFalse(grpc.toString().contains("t0ken") || grpc.toString().contains("k3y"), grpc.toString());

    GrpcSettings processed = grpc("{\"type\":\"grpc\",\"endpoint\":\"http://127.0.0.1:10000\","
        + "\"commitment\":\"processed\",\"accountInclude\":[\"JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4\"],"
        + "\"startSlot\":5,\"rpc\":{\"url\":\"http://127.0.0.1:8899\",\"concurrency\":2}}", Map.of());
    assertEquals("confirmed", processed.gapFill().commitment(), "JSON-RPC has no processed blocks to read");
    assertEquals(2, processed.gapFill().concurrency());
    assertEquals(5L, processed.startSlot());
    assertNull(processed.xToken());
    assertNull(grpc("{\"type\":\"grpc\",\"endpoint\":\"http://x:1\"}", Map.of()).gapFill(),
        "without rpc.url nor SOLANA_RPC_URL: no gap fill");
  }

  @Test
  void badGrpcSettingsAreNamedByTheirPath() {
    assertEquals("processor.source.rpc.url is required (or the environment variable SOLANA_RPC_URL) when "
        + "processor.source.rpc is given", error("{\"processor\":{\"source\":{\"type\":\"grpc\",\"endpoint\":\"http://x:1\","
        + "\"rpc\":{\"concurrency\":2}}}}"));
    assertEquals("processor.source.endpoint is required (or the environment variable SOLANA_GRPC_URL)",
        error("{\"processor\":{\"source\":{\"type\":\"grpc\"}}}"));
    assertEquals("processor.source.endpoint must be an http:// or https:// URL with a host: a Geyser endpoint is "
        + "http:// or https://, not grpc://", error("{\"processor\":{\"source\":{\"type\":\"grpc\","
        + "\"endpoint\":\"grpc://x:1\"}}}"));
    assertEquals("processor.source.commitment must be one of processed, confirmed, finalized, got \"safe\"",
        error("{\"processor\":{\"source\":{\"type\":\"grpc\",\"endpoint\":\"http://x:1\",\"commitment\":\"safe\"}}}"));
    assertEquals("processor.source.rpc.url must be an http:// or https:// URL with a host",
        error("{\"processor\":{\"source\":{\"type\":\"grpc\",\"endpoint\":\"http://x:1\",\"rpc\":{\"url\":\"ws://y\"}}}}"));
    assertEquals("unknown key processor.source.rpc.endSlot (known keys of processor.source.rpc: url, concurrency, "
        + "maxRequestsPerSecond, headers, maxSupportedTransactionVersion, requestTimeoutMs, pollIntervalMs, "
        + "maxBlockBytes)", error("{\"processor\":{\"source\":{\"type\":\"grpc\","
        + "\"endpoint\":\"http://x:1\",\"rpc\":{\"url\":\"http://y\",\"endSlot\":9}}}}"), "the gap's range is the source's");
    assertEquals("processor.source.reconnectMaxMs must not be below reconnectMinMs, got 10",
        error("{\"processor\":{\"source\":{\"type\":\"grpc\",\"endpoint\":\"http://x:1\",\"reconnectMinMs\":50,"
            + "\"reconnectMaxMs\":10}}}"));
  }

  @Test
  void standbyIsChosenNotAssumed() {
    assertFalse(SwapflushConfig.from(new JsonObject(), Map.of()).standby(), "alone, an instance reads through outages");
    assertTrue(SwapflushConfig.from(new JsonObject("{\"processor\":{\"standby\":true}}"), Map.of()).standby());
    assertEquals("processor.standby must be true or false, got \"yes\"",
        error("{\"processor\":{\"standby\":\"yes\"}}"));
  }
}
