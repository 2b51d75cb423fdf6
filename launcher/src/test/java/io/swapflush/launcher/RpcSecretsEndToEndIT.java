package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.RpcFault;
import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21, item 4: the provider's secrets (an API key in the URL's path, another in its query, a
 * third in a header) never reach the log or an endpoint, whatever way the provider fails: an answer
 * that never comes, 500, 429, a body that is not JSON, a connection cut mid-body, a refused connection.
 */
class RpcSecretsEndToEndIT extends ProxiedDatabaseIT {

  private static final long FIRST_SLOT = 340_000_000;
  private static final String PATH_SECRET = "pathkey7f3a9c1e";
  private static final String QUERY_SECRET = "querykey51d2e8b4";
  private static final String HEADER_SECRET = "headerkeyc04b6a92";
  private static final List<String> ENDPOINTS = List.of("/health", "/health/ready", "/api/status", "/metrics");

  @RegisterExtension
  final SolanaRpcServer server = SolanaRpcServer.start();
  /** Every body the endpoints answered, by endpoint. */
  private final Map<String, List<String>> shown = new LinkedHashMap<>();

  private Path config(int port) throws Exception {
    JsonObject source = new JsonObject().put("type", "rpc")
        .put("url", server.url() + "/v2/" + PATH_SECRET + "?api-key=" + QUERY_SECRET)
        .put("headers", new JsonObject().put("x-api-key", HEADER_SECRET))
        .put("startSlot", FIRST_SLOT).put("pollIntervalMs", 50).put("requestTimeoutMs", 1_000);
    JsonObject config = config(port, new JsonObject().put("flushIntervalMs", 100),
        new JsonObject().put("source", source));
    // the test chain's blocks carry block times of years ago: not what this test is about
    return write("config.json", config.put("health", new JsonObject().put("sourceLagMs", 10L * 365 * 86_400_000)));
  }

  @Test
  void noSecretOfTheProviderIsLoggedOrShownWhateverWayItFails() throws Exception {
    int blocks = TestChain.serve(server, FIRST_SLOT, 20).size();
    int port = ServiceProcess.freePort();
    try (ServiceProcess service = ServiceProcess.start(config(port), port)) {
      service.awaitHealthy(Duration.ofSeconds(30));
      service.awaitAsserted(Duration.ofSeconds(30), () -> assertEquals(blocks, db.count(
          "SELECT coalesce(max(position), 0) FROM swap_checkpoints WHERE source_id = 'solana'"), "read with the secrets"));
      // from here on no answer is usable: after 30 s /health names the last failure, each in turn
      failEveryCall(service, RpcFault.delay(Duration.ofSeconds(5)), "no answer in time", Duration.ofSeconds(60));
      failEveryCall(service, RpcFault.httpStatus(500), "HTTP 500", Duration.ofSeconds(30));
      failEveryCall(service, RpcFault.tooManyRequests(1), "HTTP 429", Duration.ofSeconds(30));
      failEveryCall(service, RpcFault.notJson(), "no JSON object", Duration.ofSeconds(30));
      failEveryCall(service, RpcFault.cutMidBody(), "connection failed", Duration.ofSeconds(30));
      server.close();
      awaitShown(service, "cannot connect", Duration.ofSeconds(30));

      List<String> leaks = new ArrayList<>();
      for (String secret : List.of(PATH_SECRET, QUERY_SECRET, HEADER_SECRET)) {
        if (service.output().contains(secret)) {
          leaks.add(secret + " in the log");
        }
        shown.forEach((endpoint, bodies) -> bodies.stream().filter(body -> body.contains(secret)).findFirst()
            .ifPresent(body -> leaks.add(secret + " in " + endpoint + ": " + body)));
      }
      assertEquals(List.of(), leaks, service::output);
    }
  }

  /** Every call meets {@code fault} from now on, until /health shows {@code seen} in its reason. */
  private void failEveryCall(ServiceProcess service, RpcFault fault, String seen, Duration timeout) {
    server.behave().misbehave(SolanaRpcServer.ANY_METHOD, 1_000_000, fault);
    awaitShown(service, seen, timeout);
  }

  /** Polls every endpoint, keeping what they answer, until /health's reason holds {@code seen}. */
  private void awaitShown(ServiceProcess service, String seen, Duration timeout) {
    service.awaitAsserted(timeout, Duration.ofMillis(500), () -> {
      for (String endpoint : ENDPOINTS) {
        String body = service.get(endpoint);
        shown.computeIfAbsent(endpoint, e -> new ArrayList<>()).add(String.valueOf(body));
      }
      String health = shown.get("/health").get(shown.get("/health").size() - 1);
      assertTrue(health.contains(seen), "/health names the failure (" + seen + "): " + health);
    });
  }
}
