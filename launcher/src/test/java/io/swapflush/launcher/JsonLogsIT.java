package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SWAPFLUSH_LOG_FORMAT=json: every line the jar logs is one JSON object, with a rejection's fields of its own. */
class JsonLogsIT extends ProxiedDatabaseIT {

  @Test
  void everyLineIsAJsonObjectAndARejectionNamesItsReasonAndPosition() throws Exception {
    Path jsonl = Files.writeString(dir.resolve("in.jsonl"), "{\"not json\n");
    int port = ServiceProcess.freePort();
    Path config = write("config.json", config(port, new JsonObject(), new JsonObject().put("source",
        new JsonObject().put("type", "jsonl").put("path", jsonl.toString()).put("sourceId", "logs"))));
    try (ServiceProcess service = ServiceProcess.start(config, port, Map.of("SWAPFLUSH_LOG_FORMAT", "json"))) {
      service.awaitAsserted(Duration.ofSeconds(30), () -> assertTrue(service.output().contains("Rejected transaction")));
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
      List<JsonObject> lines = service.output().lines().map(JsonObject::new).toList();
      assertTrue(lines.size() > 3, service::output);
      for (JsonObject line : lines) {
        assertTrue(line.containsKey("timestamp") && line.containsKey("level") && line.containsKey("loggerName")
            && line.containsKey("formattedMessage"), line::encode);
      }
      JsonObject rejected = lines.stream().filter(l -> l.getString("formattedMessage").startsWith("Rejected"))
          .findFirst().orElseThrow();
      assertEquals("WARN", rejected.getString("level"));
      JsonArray fields = rejected.getJsonArray("kvpList");
      assertEquals(List.of(new JsonObject().put("reason", "malformed-json"), new JsonObject().put("position", "1")),
          fields.getList().stream().map(f -> f instanceof JsonObject o ? o : new JsonObject((Map<String, Object>) f))
              .toList());
    }
  }

  @Test
  void anUnknownFormatStopsTheStartNamingTheVariable() throws Exception {
    int port = ServiceProcess.freePort();
    Path config = write("config.json", config(port, new JsonObject(), new JsonObject()));
    try (ServiceProcess service = ServiceProcess.start(config, port, Map.of("SWAPFLUSH_LOG_FORMAT", "xml"))) {
      assertEquals(1, service.waitFor(Duration.ofSeconds(30)));
      assertTrue(service.output().contains("SWAPFLUSH_LOG_FORMAT must be text or json, got \"xml\""), service::output);
    }
  }
}
