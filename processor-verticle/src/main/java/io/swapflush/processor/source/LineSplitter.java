package io.swapflush.processor.source;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Cuts a byte stream into numbered lines, trimmed of surrounding whitespace. A chunk is emitted
 * line by line until it is used up or the caller says stop (the source was paused), so a pause
 * takes effect between two lines, not a chunk later. A line longer than the limit is skipped (up to
 * its end) and reported instead of buffered, so one absurd line neither exhausts memory nor stops
 * the stream.
 */
final class LineSplitter {

  interface Lines {
    void line(byte[] text, long number);

    void tooLong(long number, long length);
  }

  private final int maxLineBytes;
  private final Lines lines;
  private final long skipThrough;
  /** The start of a line that began in an earlier chunk. */
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private byte[] chunk;
  private int next;
  private long number = 1;
  private long skipping = -1;

  /** Lines numbered up to {@code skipThrough} are counted but neither kept nor reported. */
  LineSplitter(int maxLineBytes, long skipThrough, Lines lines) {
    this.maxLineBytes = maxLineBytes;
    this.skipThrough = skipThrough;
    this.lines = lines;
  }

  /** Takes the next chunk; only once the previous one is used up. */
  void feed(Buffer data) {
    if (hasPending()) {
      throw new IllegalStateException("the previous chunk is not used up");
    }
    chunk = data.getBytes();
    next = 0;
  }

  /** Whether part of the last chunk is still to be emitted. */
  boolean hasPending() {
    return chunk != null;
  }

  /** Emits the chunk's lines until it is used up or {@code stop} answers true. */
  void emit(BooleanSupplier stop) {
    while (chunk != null && !stop.getAsBoolean()) {
      int end = indexOfNewline(chunk, next);
      if (end < 0) {
        keepPartial(chunk, next, chunk.length);
        chunk = null;
      } else {
        endLine(chunk, next, end);
        next = end + 1;
      }
    }
  }

  /** Complete lines seen so far, skipped ones included. */
  long linesSeen() {
    return number - 1;
  }

  /** The end of the stream: a last line without a newline still counts. */
  void finish() {
    if (partial.size() > 0 || skipping >= 0) {
      endLine(new byte[0], 0, 0);
    }
  }

  /** A line ends at {@code to}; its start may lie in earlier chunks. */
  private void endLine(byte[] bytes, int from, int to) {
    if (number <= skipThrough) {
      number++;
      return;
    }
    long length = partial.size() + (long) (to - from);
    if (skipping >= 0) {
      lines.tooLong(number, skipping + (to - from));
    } else if (length > maxLineBytes) {
      lines.tooLong(number, length);
    } else if (partial.size() == 0) {
      // the common case: the whole line lies in this chunk and is copied once
      lines.line(trimmed(bytes, from, to), number);
    } else {
      partial.write(bytes, from, to - from);
      byte[] joined = partial.toByteArray();
      lines.line(trimmed(joined, 0, joined.length), number);
    }
    partial.reset();
    skipping = -1;
    number++;
  }

  /** Keeps the start of a line that goes on in the next chunk, or only counts it when it is too long. */
  private void keepPartial(byte[] bytes, int from, int to) {
    if (number <= skipThrough) {
      return;
    }
    if (skipping >= 0) {
      skipping += to - from;
    } else if (partial.size() + (to - from) > maxLineBytes) {
      skipping = partial.size() + (long) (to - from);
      partial.reset();
    } else {
      partial.write(bytes, from, to - from);
    }
  }

  private static int indexOfNewline(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Blank lines come out empty: every line number is a position the checkpoint passes. */
  private static byte[] trimmed(byte[] bytes, int from, int to) {
    while (from < to && isSpace(bytes[from])) {
      from++;
    }
    while (to > from && isSpace(bytes[to - 1])) {
      to--;
    }
    return Arrays.copyOfRange(bytes, from, to);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\f';
  }
}
