package io.swapflush.processor.source;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.event.SourceCheckpoint;
import io.swapflush.source.IngestResult;
import io.swapflush.source.TransactionSource;
import io.swapflush.testsupport.Await;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jsonl source at its start, and in follow mode under a steady appender and across rotations
 * and restarts: every start reads, every line arrives once with the position it has across files,
 * and a position never runs ahead of the lines read.
 */
@ExtendWith(VertxExtension.class)
class JsonlFollowTest {

  @TempDir
  Path dir;

  private record Line(long position, String text, String cursor) {
  }

  /** Records what the source delivers; pauses for a millisecond every {@code pauseEvery} lines. */
  private static final class Recorder extends DocumentSink {
    final List<Line> lines = new CopyOnWriteArrayList<>();
    final Vertx vertx;
    final int pauseEvery;
    TransactionSource source;

    Recorder(Vertx vertx, int pauseEvery) {
      this.vertx = vertx;
      this.pauseEvery = pauseEvery;
    }

    @Override
    public IngestResult accept(byte[] document, long position, String cursor) {
      lines.add(new Line(position, new String(document, StandardCharsets.UTF_8), cursor));
      if (pauseEvery > 0 && lines.size() % pauseEvery == 0) {
        source.pause();
        vertx.setTimer(1, id -> source.resume());
      }
      return new IngestResult(1, List.of());
    }

    @Override
    public void reject(String reason, String message, long position, String cursor) {
      lines.add(new Line(position, "rejected: " + message, cursor));
    }

    SourceCheckpoint last() {
      Line line = lines.get(lines.size() - 1);
      return new SourceCheckpoint(line.position(), line.cursor());
    }
  }

  private static String line(int n) {
    return "{\"n\":" + n + "}";
  }

  private static void append(Path file, int from, int to) throws Exception {
    Files.write(file, IntStream.rangeClosed(from, to).mapToObj(JsonlFollowTest::line).toList(),
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static <T> T onContext(Context context, Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return Await.result(promise.future());
  }

  private static JsonlSource start(Context context, Path file, Recorder recorder, SourceCheckpoint from) throws Exception {
    JsonlSource source = new JsonlSource(new JsonlSettings(file.toString(), "test", false, true), 1 << 20);
    recorder.source = source;
    onContext(context, () -> source.start(recorder.vertx, recorder, from));
    return source;
  }

  private static void awaitLines(Recorder recorder, int count) {
    await(count + " lines read").atMost(Duration.ofSeconds(30)).until(() -> recorder.lines.size() >= count);
  }

  @Test
  void everyStartReads(Vertx vertx) throws Exception {
    Path file = dir.resolve("small.jsonl");
    append(file, 1, 3);
    for (int i = 0; i < 200; i++) {
      Context context = vertx.getOrCreateContext();
      Recorder recorder = new Recorder(vertx, 0);
      JsonlSource source = new JsonlSource(new JsonlSettings(file.toString()), 1 << 20);
      recorder.source = source;
      onContext(context, () -> source.start(vertx, recorder, SourceCheckpoint.START));
      await("start " + i + " reads").atMost(Duration.ofSeconds(5)).until(() -> recorder.lines.size() == 3);
      onContext(context, source::stop);
    }
  }

  @Test
  void aSteadilyGrowingFileIsReadOnceInOrderAndNeverTakenForARotation(Vertx vertx) throws Exception {
    Path file = Files.createFile(dir.resolve("growing.jsonl"));
    Recorder recorder = new Recorder(vertx, 7);
    Context context = vertx.getOrCreateContext();
    JsonlSource source = start(context, file, recorder, SourceCheckpoint.START);
    int total = 0;
    for (int batch = 0; batch < 2000; batch++) {
      append(file, total + 1, total + 10);
      total += 10;
      long newest = recorder.lines.isEmpty() ? 0 : recorder.last().position();
      assertTrue(newest <= total, "position " + newest + " is beyond the " + total + " lines written");
    }
    awaitLines(recorder, total);
    onContext(context, source::stop);
    assertEquals(IntStream.rangeClosed(1, total).mapToObj(n -> new Line(n, line(n), "{\"fileStart\":0}")).toList(),
        recorder.lines);
  }

  /** Replaces the file's content with 30 other lines, as a rotation leaves it. */
  private static void rotate(Path file) throws Exception {
    Files.write(file, IntStream.rangeClosed(1, 30).mapToObj(n -> line(1000 + n)).toList(),
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** A source following {@code file}, once it has read the file's 100 lines. */
  private static JsonlSource followed(Context context, Path file, Recorder recorder) throws Exception {
    append(file, 1, 100);
    JsonlSource source = start(context, file, recorder, SourceCheckpoint.START);
    awaitLines(recorder, 100);
    return source;
  }

  @Test
  void aFileRotatedWhileRunningIsResumedInTheNewFileAfterARestart(Vertx vertx) throws Exception {
    Path file = dir.resolve("rotated.jsonl");
    Context context = vertx.getOrCreateContext();
    Recorder first = new Recorder(vertx, 0);
    JsonlSource source = followed(context, file, first);
    rotate(file);
    awaitLines(first, 130);
    assertEquals(new Line(101, line(1001), "{\"fileStart\":100}"), first.lines.get(100));
    onContext(context, source::stop);

    Recorder second = new Recorder(vertx, 0);
    JsonlSource restarted = start(context, file, second, first.last());
    append(file, 2001, 2010);
    awaitLines(second, 10);
    onContext(context, restarted::stop);
    assertEquals(IntStream.rangeClosed(1, 10).mapToObj(n -> new Line(130 + n, line(2000 + n), "{\"fileStart\":100}"))
        .toList(), second.lines);
  }

  @Test
  void aFileReplacedWhileStoppedIsReadFromItsStartAfterTheCheckpoint(Vertx vertx) throws Exception {
    Path file = dir.resolve("replaced.jsonl");
    Context context = vertx.getOrCreateContext();
    Recorder first = new Recorder(vertx, 0);
    JsonlSource source = followed(context, file, first);
    onContext(context, source::stop);

    rotate(file);
    Recorder second = new Recorder(vertx, 0);
    JsonlSource restarted = start(context, file, second, first.last());
    awaitLines(second, 30);
    append(file, 2001, 2010);
    awaitLines(second, 40);
    onContext(context, restarted::stop);
    assertEquals(new Line(101, line(1001), "{\"fileStart\":100}"), second.lines.get(0));
    assertEquals(new Line(140, line(2010), "{\"fileStart\":100}"), second.lines.get(39));
    assertEquals(40, second.lines.size());
  }
}
