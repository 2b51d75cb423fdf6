package io.swapflush.processor.source;

import java.util.List;

/** What became of one input document: transactions taken in, and why the others were rejected. */
public record IngestResult(int accepted, List<String> rejections) {

  public static IngestResult rejected(String rejection) {
    return new IngestResult(0, List.of(rejection));
  }
}
