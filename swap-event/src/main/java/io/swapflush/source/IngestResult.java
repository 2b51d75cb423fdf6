package io.swapflush.source;

import java.util.List;

/** What became of one input document: transactions taken in, and why the others were rejected. */
public record IngestResult(int accepted, List<String> rejections) {

  /** For a record without transactions (a blank line, a rewind). */
  public static final IngestResult NOTHING = new IngestResult(0, List.of());

  public static IngestResult rejected(String rejection) {
    return new IngestResult(0, List.of(rejection));
  }
}
