package io.swapflush.processor.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

  private final List<String> seen = new ArrayList<>();
  private final LineSplitter.Lines recorder = new LineSplitter.Lines() {
    @Override
    public void line(String text, long number) {
      seen.add(number + ":" + text);
    }

    @Override
    public void tooLong(long number, long length) {
      seen.add(number + ":too long " + length);
    }
  };
  private final LineSplitter splitter = new LineSplitter(1000, 0, recorder);

  @Test
  void aTenMegabyteLineIsSkippedWithoutBufferingAndTheStreamGoesOn() {
    splitter.feed(Buffer.buffer("first\n{\"big\":\""));
    Buffer chunk = Buffer.buffer("x".repeat(64 * 1024));
    for (int i = 0; i < 160; i++) {
      splitter.feed(chunk);
    }
    splitter.feed(Buffer.buffer("\"}\nnext\n\n  last  "));
    splitter.finish();
    assertEquals(List.of("1:first", "2:too long " + (8 + 160 * 64 * 1024 + 2), "3:next", "4:", "5:last"), seen,
        "a blank line is a position too");
  }

  @Test
  void linesSplitAcrossChunksAreJoined() {
    splitter.feed(Buffer.buffer("ab"));
    splitter.feed(Buffer.buffer("c\nd"));
    splitter.feed(Buffer.buffer("e\n"));
    splitter.finish();
    assertEquals(List.of("1:abc", "2:de"), seen);
  }

  @Test
  void linesUpToTheResumePointAreCountedNotReported() {
    LineSplitter resuming = new LineSplitter(1000, 2, recorder);
    resuming.feed(Buffer.buffer("a\nb\nc\nd\n"));
    assertEquals(List.of("3:c", "4:d"), seen);
    assertEquals(4, resuming.linesSeen());
  }
}
