package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router: each route answers its method only (405 with Allow otherwise), unknown paths 404 with JSON. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRoutesTest {

  private static final String MINT = "So11111111111111111111111111111111111111112";

  @TempDir
  static Path spill;
  private TestDatabase db;
  private InProcessService service;

  @BeforeAll
  void start() throws Exception {
    db = TestDatabase.create();
    service = new InProcessService(db, spill, new JsonObject().put("http", new JsonObject().put("port", 0))
        .put("processor", new JsonObject().put("source", new JsonObject().put("type", "http"))));
  }

  @AfterAll
  void stop() throws Exception {
    service.close();
    db.close();
  }

  @ParameterizedTest(name = "{1} {0}")
  @CsvSource({
      "/, POST, GET", "/api/status, DELETE, GET", "/metrics, POST, GET", "/health, DELETE, GET", "/health/live, POST, GET", "/health/ready, PUT, GET",
      "/mints/" + MINT + "/stats, POST, GET", "/transactions, GET, POST", "/admin/flusher/redeploy, GET, POST"})
  void aRouteAskedWithAnotherMethodIs405WithAllow(String path, String method, String allowed) throws Exception {
    RawHttpConnection.Answer answer = RawHttpConnection.exchange(service.port(), method, path, "");
    assertEquals(405, answer.status(), answer.head());
    assertEquals(allowed, answer.header("allow"));
  }

  @Test
  void anUnknownPathIs404WithTheRouteNamed() throws Exception {
    for (String path : List.of("/index.html", "/metric", "/mints/not-a-mint/stats", "/health/other")) {
      RawHttpConnection.Answer answer = RawHttpConnection.exchange(service.port(), "GET", path, "");
      assertEquals(404, answer.status(), path);
      assertEquals("no route GET " + path, new JsonObject(answer.body()).getString("error"));
    }
  }

  @Test
  void theStatusPageComesFromTheJarAndReadsApiStatus() throws Exception {
    RawHttpConnection.Answer page = RawHttpConnection.exchange(service.port(), "GET", "/", "");
    assertEquals(200, page.status(), page.head());
    assertTrue(page.header("content-type").startsWith("text/html"), page.head());
    assertTrue(page.body().contains("fetch('/api/status'"), "the page polls /api/status");
    assertTrue(!page.body().contains("src=") && !page.body().contains("<link"), "the page loads nothing else");
    RawHttpConnection.Answer status = RawHttpConnection.exchange(service.port(), "GET", "/api/status", "");
    assertEquals(200, status.status(), status.body());
    JsonObject report = new JsonObject(status.body());
    assertEquals(40_000, report.getJsonObject("gauges").getDouble("queueCapacity"));
    assertTrue(report.getJsonObject("counters").containsKey("eventsWritten"), status.body());
    assertEquals("running", report.getJsonObject("processor").getString("state"), status.body());
  }

  @Test
  void livenessAndReadinessAnswerTheStandardWay() throws Exception {
    RawHttpConnection.Answer live = RawHttpConnection.exchange(service.port(), "GET", "/health/live", "");
    assertEquals(200, live.status(), live.body());
    assertEquals("UP", new JsonObject(live.body()).getString("outcome"));
    RawHttpConnection.Answer ready = RawHttpConnection.exchange(service.port(), "GET", "/health/ready", "");
    assertEquals(200, ready.status(), ready.body());
    JsonObject check = new JsonObject(ready.body()).getJsonArray("checks").getJsonObject(0);
    assertEquals("pipeline", check.getString("id"));
    assertEquals("UP", check.getString("status"));
  }

  @Test
  void theRoutesStillAnswer() throws Exception {
    assertTrue(RawHttpConnection.exchange(service.port(), "GET", "/metrics", "").body().contains("swap_queue_size"));
    assertEquals(200, RawHttpConnection.exchange(service.port(), "GET", "/health", "").status());
    RawHttpConnection.Answer posted = RawHttpConnection.exchange(service.port(), "POST", "/transactions", "[]");
    assertEquals(202, posted.status(), posted.body());
  }
}
