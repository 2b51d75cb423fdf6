package io.swapflush.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
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
    assertEquals(50_000.0, ((io.swapflush.processor.source.SourceSettings.Synthetic) SwapflushConfig.from(
        new JsonObject("{\"processor\":{\"source\":{\"ratePerSecond\":50000}}}"), Map.of()).processor().source())
        .ratePerSecond());
  }

  @Test
  void healthThresholdsHaveDefaultsAndAreChecked() {
    assertEquals(new HealthSettings(10_000, 30_000), SwapflushConfig.from(new JsonObject(), Map.of()).health());
    assertEquals("health.writeStallMs must be a positive integer, got 0", error("{\"health\":{\"writeStallMs\":0}}"));
    String unknown = error("{\"health\":{\"stallMs\":5}}");
    assertEquals("unknown key health.stallMs", unknown.substring(0, unknown.indexOf(" (")));
  }
}
