package io.swapflush.processor.source;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** Each kind of source settings makes its own source: no kind falls back to another's. */
class SourceSettingsTest {

  @Test
  void eachKindMakesItsOwnSource() {
    assertInstanceOf(SyntheticSource.class, new SourceSettings.Synthetic(10).create(1024));
    assertInstanceOf(JsonlSource.class, new SourceSettings.Jsonl("in.jsonl").create(1024));
    assertInstanceOf(HttpSource.class, new SourceSettings.Http().create(1024));
  }
}
