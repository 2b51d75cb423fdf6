package io.swapflush.processor.source;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;

/**
 * A file of one transaction document per line; position = line number. Resumes after the
 * checkpoint stored for {@code sourceId} unless {@code fromStart}; with {@code follow} it keeps
 * reading lines appended to the file, and starts over when the file is truncated or rotated.
 */
public record JsonlSettings(String path, String sourceId, boolean fromStart, boolean follow) implements SourceSettings {

  /** Replays the file once from its start; its checkpoint id is the path. */
  public JsonlSettings(String path) {
    this(path, path, true, false);
  }

  @Override
  public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
    return new JsonlSource(this, maxDocumentBytes);
  }
}
