package io.swapflush.processor.source;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into numbered lines. A line longer than the limit is skipped (up to its end)
 * and reported instead of buffered, so one absurd line neither exhausts memory nor stops the stream.
 */
final class LineSplitter {

  interface Lines {
    void line(String text, long number);

    void tooLong(long number, long length);
  }

  private final int maxLineBytes;
  private final Lines lines;
  private final long skipThrough;
  private final ByteArrayOutputStream current = new ByteArrayOutputStream();
  private long number = 1;
  private long skipping = -1;

  /** Lines numbered up to {@code skipThrough} are counted but neither kept nor reported. */
  LineSplitter(int maxLineBytes, long skipThrough, Lines lines) {
    this.maxLineBytes = maxLineBytes;
    this.skipThrough = skipThrough;
    this.lines = lines;
  }

  void feed(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i);
        emit();
        start = i + 1;
      }
    }
    append(bytes, start, bytes.length);
  }

  /** Complete lines seen so far, skipped ones included. */
  long linesSeen() {
    return number - 1;
  }

  /** The end of the stream: a last line without a newline still counts. */
  void finish() {
    if (current.size() > 0 || skipping >= 0) {
      emit();
    }
  }

  private void append(byte[] bytes, int from, int to) {
    if (number <= skipThrough) {
      return;
    }
    if (skipping >= 0) {
      skipping += to - from;
    } else if (current.size() + (to - from) > maxLineBytes) {
      skipping = current.size() + (long) (to - from);
      current.reset();
    } else {
      current.write(bytes, from, to - from);
    }
  }

  private void emit() {
    if (number <= skipThrough) {
      number++;
      return;
    }
    if (skipping >= 0) {
      lines.tooLong(number, skipping);
      skipping = -1;
    } else {
      // blank lines are reported too: every line number is a position the checkpoint passes
      lines.line(current.toString(StandardCharsets.UTF_8).strip(), number);
    }
    current.reset();
    number++;
  }
}
