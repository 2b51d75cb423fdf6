package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.swapflush.launcher.RawHttpConnection.Answer;
import io.swapflush.processor.source.SyntheticTransactions;
import io.swapflush.testsupport.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A POST that finds no http source is retried when the source is only stopped (shutting down), so
 * that clients which take 4xx as final do not drop it; 404 is kept for a service without one.
 */
class PostWhileStoppedTest {

  @RegisterExtension
  static final TestDatabase db = TestDatabase.create();

  @TempDir
  Path spill;

  @Test
  void whileThePipelineStopsAPostIsAnswered503WithRetryAfter() throws Exception {
    try (InProcessService service = new InProcessService(db, spill, config("http"))) {
      service.stopPipeline();
      Answer answer = post(service);
      assertEquals(503, answer.status(), answer.body());
      assertNotNull(answer.header("Retry-After"), answer.head());
      assertEquals(1.0, service.metric("swap_http_requests_refused_total{reason=\"source-stopped\"}"));
    }
  }

  @Test
  void withoutTheHttpSourceAPostIsNotFound() throws Exception {
    try (InProcessService service = new InProcessService(db, spill, config("synthetic"))) {
      Answer answer = post(service);
      assertEquals(404, answer.status(), answer.body());
    }
  }

  private static JsonObject config(String source) {
    return new JsonObject().put("http", new JsonObject().put("port", 0))
        .put("processor", new JsonObject().put("source", new JsonObject().put("type", source)));
  }

  private static Answer post(InProcessService service) throws Exception {
    return RawHttpConnection.exchange(service.port(), "POST", "/transactions", new SyntheticTransactions(5).next());
  }
}
