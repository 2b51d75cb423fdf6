package io.swapflush.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds on unfinished requests: defaults, and bad values named by their path. */
class HttpSettingsConfigTest {

  private static HttpSettings http(String json) {
    return SwapflushConfig.from(new JsonObject(json), Map.of()).http();
  }

  private static String error(String json) {
    return assertThrows(ConfigException.class, () -> http(json)).getMessage();
  }

  @Test
  void theBoundsHaveDefaults() {
    assertEquals(new HttpSettings("127.0.0.1", 8080, 60, 64L << 20), http("{}"));
    assertEquals(new HttpSettings("127.0.0.1", 8080, 5, 1L << 33),
        http("{\"http\":{\"idleTimeoutSeconds\":5,\"maxBodyBytesInFlight\":8589934592}}"));
  }

  @Test
  void aBadBoundIsNamedByItsPath() {
    assertEquals("http.idleTimeoutSeconds must be a positive integer, got 0",
        error("{\"http\":{\"idleTimeoutSeconds\":0}}"));
    assertEquals("http.maxBodyBytesInFlight must be a positive integer, got \"64MiB\"",
        error("{\"http\":{\"maxBodyBytesInFlight\":\"64MiB\"}}"));
  }
}
