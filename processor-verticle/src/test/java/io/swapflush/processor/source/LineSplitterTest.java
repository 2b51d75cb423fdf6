package io.swapflush.processor.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<String> seen = new ArrayList<>();
  private final LineSplitter.Lines recorder = new LineSplitter.Lines() {
    @Override
    public void line(byte[] text, long number) {
      seen.add(number + ":" + new String(text, StandardCharsets.UTF_8));
    }

    @Override
    public void tooLong(long number, long length) {
      seen.add(number + ":too long " + length);
    }
  };
  private final LineSplitter splitter = new LineSplitter(1000, 0, recorder);

  @Test
  void aTenMegabyteLineIsSkippedWithoutBufferingAndTheStreamGoesOn() {
    feed(splitter, "first\n{\"big\":\"");
    String chunk = "x".repeat(64 * 1024);
    for (int i = 0; i < 160; i++) {
      feed(splitter, chunk);
    }
    feed(splitter, "\"}\nnext\n\n  last  ");
    splitter.finish();
    assertEquals(List.of("1:first", "2:too long " + (8 + 160 * 64 * 1024 + 2), "3:next", "4:", "5:last"), seen,
        "a blank line is a position too");
  }

  @Test
  void linesSplitAcrossChunksAreJoined() {
    feed(splitter, "ab");
    feed(splitter, "c\nd");
    feed(splitter, "e\r\n");
    splitter.finish();
    assertEquals(List.of("1:abc", "2:de"), seen);
  }

  @Test
  void linesUpToTheResumePointAreCountedNotReported() {
    LineSplitter resuming = new LineSplitter(1000, 2, recorder);
    feed(resuming, "a\nb\nc\nd\n");
    assertEquals(List.of("3:c", "4:d"), seen);
    assertEquals(4, resuming.linesSeen());
  }

  @Test
  void aStopTakesEffectBetweenTwoLinesAndTheRestOfTheChunkWaits() {
    splitter.feed(Buffer.buffer("a\nb\nc\nd"));
    splitter.emit(() -> seen.size() == 2);
    assertEquals(List.of("1:a", "2:b"), seen);
    assertTrue(splitter.hasPending());
    assertThrows(IllegalStateException.class, () -> splitter.feed(Buffer.buffer("more")), "no chunk is overwritten");
    splitter.emit(() -> false);
    assertFalse(splitter.hasPending());
    feed(splitter, "e\n");
    assertEquals(List.of("1:a", "2:b", "3:c", "4:de"), seen);
  }

  private static void feed(LineSplitter splitter, String chunk) {
    splitter.feed(Buffer.buffer(chunk));
    splitter.emit(() -> false);
  }
}
