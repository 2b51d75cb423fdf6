package io.swapflush.processor.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.event.SourceCheckpoint;
import io.swapflush.source.IngestResult;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The jsonl source reads ahead, yet a pause stops it between two lines and nothing is skipped or repeated. */
@ExtendWith(VertxExtension.class)
class JsonlSourceTest {

  private static final int LINES = 6000;
  private static final int PAUSE_EVERY = 700;

  @TempDir
  Path dir;

  @Test
  void aPauseTakesEffectAtOnceAndEveryLineArrivesOnceInOrder(Vertx vertx, VertxTestContext test) throws Exception {
    // ~1.4 MB: several chunks, with lines cut across chunk boundaries
    Path file = Files.write(dir.resolve("in.jsonl"), IntStream.rangeClosed(1, LINES)
        .mapToObj(i -> "{\"line\":" + i + ",\"pad\":\"" + "x".repeat(i % 400) + "\"}").toList());
    JsonlSource source = new JsonlSource(new JsonlSettings(file.toString(), "test", true, false), 1 << 20);
    List<Long> positions = new ArrayList<>();
    List<Long> duringPause = new ArrayList<>();
    boolean[] paused = {false};
    DocumentSink sink = new DocumentSink() {
      @Override
      public IngestResult accept(byte[] document, long position, String cursor) {
        String text = new String(document, StandardCharsets.UTF_8);
        if (paused[0]) {
          duringPause.add(position);
        }
        positions.add(position);
        if (!text.startsWith("{\"line\":" + position + ",")) {
          test.failNow("line " + position + " arrived as " + text.substring(0, Math.min(30, text.length())));
        }
        if (position % PAUSE_EVERY == 0) {
          paused[0] = true;
          source.pause();
          vertx.setTimer(5, id -> {
            paused[0] = false;
            source.resume();
          });
        }
        if (position == LINES) {
          test.completeNow();
        }
        return new IngestResult(1, List.of());
      }

      @Override
      public void reject(String reason, String message, long position, String cursor) {
        test.failNow(message);
      }
    };
    vertx.runOnContext(v -> source.start(vertx, sink, SourceCheckpoint.START).onFailure(test::failNow));
    test.awaitCompletion(30, TimeUnit.SECONDS);
    assertEquals(List.of(), duringPause, "lines that arrived while paused");
    assertEquals(IntStream.rangeClosed(1, LINES).mapToObj(i -> (long) i).toList(), positions);
  }
}
