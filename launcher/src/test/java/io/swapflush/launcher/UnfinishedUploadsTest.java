package io.swapflush.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.launcher.RawHttpConnection.Answer;
import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads that never finish hold a bounded number of body bytes: beyond it POSTs are refused with
 * 503 and Retry-After, /health and /metrics keep answering, and idle connections are closed, which
 * frees the bound.
 */
class UnfinishedUploadsTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  private static final int BOUND = 1_000_000;
  private static final int DECLARED = 200_000;
  private static final int IDLE_SECONDS = 2;

  @TempDir
  Path spill;

  private InProcessService service;
  private int port;

  @BeforeEach
  void start() throws Exception {
    service = new InProcessService(db, spill, new JsonObject()
        .put("http", new JsonObject().put("port", 0).put("idleTimeoutSeconds", IDLE_SECONDS)
            .put("maxBodyBytesInFlight", BOUND))
        .put("processor", new JsonObject().put("maxTransactionBytes", 2 * DECLARED)
            .put("source", new JsonObject().put("type", "http"))));
    port = service.port();
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void stalledUploadsAreBoundedThenClosedWhenIdle() throws Exception {
    List<RawHttpConnection> stalled = new ArrayList<>();
    try {
      for (int i = 1; i <= BOUND / DECLARED; i++) {
        stalled.add(new RawHttpConnection(port).head("POST", "/transactions", "Content-Type: application/json",
            "Content-Length: " + DECLARED).send("[" + " ".repeat(999)));
        long held = (long) i * DECLARED;
        await("upload " + i + " holds its declared length").atMost(Duration.ofSeconds(10))
            .until(() -> bytesInFlight() == held);
      }

      for (int i = 0; i < 3; i++) {
        try (RawHttpConnection refused = new RawHttpConnection(port)) {
          Answer answer = refused.head("POST", "/transactions", "Content-Type: application/json",
              "Content-Length: 1000").readUntilClosed(Duration.ofSeconds(10));
          assertEquals(503, answer.status(), answer.head());
          assertNotNull(answer.header("Retry-After"), answer.head());
          assertTrue(answer.body().contains("http.maxBodyBytesInFlight"), answer.body());
        }
      }
      Answer health = RawHttpConnection.exchange(port, "GET", "/health", "");
      assertEquals(200, health.status(), health.body());
      assertEquals(3.0, service.metric("swap_http_requests_refused_total{reason=\"bytes-in-flight\"}"));

      for (RawHttpConnection upload : stalled) {
        Answer none = upload.readUntilClosed(Duration.ofSeconds(IDLE_SECONDS * 5L));
        assertEquals(0, none.status(), "closed without an answer: " + none.head());
      }
      await("the closed uploads give their bytes back").atMost(Duration.ofSeconds(10))
          .until(() -> bytesInFlight() == 0);
    } finally {
      for (RawHttpConnection upload : stalled) {
        upload.close();
      }
    }
    Answer accepted = RawHttpConnection.exchange(port, "POST", "/transactions", new SyntheticTransactions(3).next());
    assertEquals(202, accepted.status(), accepted.body());
  }

  @Test
  void aClientThatLeavesMidBodyGivesItsBytesBack() throws Exception {
    try (RawHttpConnection chunked = new RawHttpConnection(port)) {
      chunked.head("POST", "/transactions", "Content-Type: application/json", "Transfer-Encoding: chunked")
          .send(Integer.toHexString(50_000) + "\r\n" + " ".repeat(50_000) + "\r\n");
      await("a chunked upload holds what has arrived").atMost(Duration.ofSeconds(10))
          .until(() -> bytesInFlight() == 50_000);
    }
    await("released when the client disconnects").atMost(Duration.ofSeconds(10)).until(() -> bytesInFlight() == 0);
  }

  /** Read from /metrics, which has to keep answering while uploads are held. */
  private long bytesInFlight() {
    return (long) service.metric("swap_http_body_in_flight_bytes");
  }
}
