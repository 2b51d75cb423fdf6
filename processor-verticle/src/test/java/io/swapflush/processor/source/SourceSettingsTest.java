package io.swapflush.processor.source;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** Each kind of source settings makes its own source: no kind falls back to another's. */
class SourceSettingsTest {

  @Test
  void eachKindMakesItsOwnSource() {
    assertInstanceOf(SyntheticSource.class, new SyntheticSettings(10).create(1024, new SimpleMeterRegistry()));
    assertInstanceOf(JsonlSource.class, new JsonlSettings("in.jsonl").create(1024, new SimpleMeterRegistry()));
    assertInstanceOf(HttpSource.class, new HttpSourceSettings().create(1024, new SimpleMeterRegistry()));
  }
}
