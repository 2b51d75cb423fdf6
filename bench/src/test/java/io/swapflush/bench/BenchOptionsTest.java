package io.swapflush.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void helpAloneAsksForTheUsage() {
    assertTrue(BenchOptions.parse("--help").help());
    assertTrue(BenchOptions.parse("-h").help());
    assertTrue(BenchOptions.usage().contains("--rows"));
    assertTrue(BenchOptions.usage().contains("--sizes"));
    assertTrue(BenchOptions.usage().contains("--grpc-rate"));
  }

  @Test
  void knownOptionsAreRead() {
    BenchOptions options = BenchOptions.parse("--rows", "growth", "--runs", "1", "--sizes", "0,500k,10M");
    assertFalse(options.help());
    assertEquals("growth", options.get("rows", "processor"));
    assertEquals(1, options.getInt("runs", 3));
    assertEquals(100000, options.getInt("events", 100000));
    assertEquals(List.of(0L, 500_000L, 10_000_000L), options.getSizes("sizes", "0"));
    BenchOptions grpc = BenchOptions.parse("--rows", "grpc", "--grpc-slots", "50", "--grpc-rate", "2000",
        "--grpc-seconds", "5");
    assertEquals(50, grpc.getInt("grpc-slots", 100));
    assertEquals(2000, grpc.getInt("grpc-rate", 1000));
    assertEquals(5, grpc.getInt("grpc-seconds", 10));
  }

  @Test
  void anUnknownOptionIsRefusedByName() {
    BenchOptions.Refused refused = assertThrows(BenchOptions.Refused.class,
        () -> BenchOptions.parse("--runs", "1", "--rnus", "2"));
    assertTrue(refused.getMessage().contains("--rnus"), refused.getMessage());
  }

  @Test
  void malformedCommandLinesAreRefused() {
    assertThrows(BenchOptions.Refused.class, () -> BenchOptions.parse("--runs"));
    assertThrows(BenchOptions.Refused.class, () -> BenchOptions.parse("--runs", "--rows", "growth"));
    assertThrows(BenchOptions.Refused.class, () -> BenchOptions.parse("runs", "3"));
    assertThrows(BenchOptions.Refused.class, () -> BenchOptions.parse("--help", "--runs", "1"));
    assertThrows(BenchOptions.Refused.class, () -> BenchOptions.parse("--runs", "three").getInt("runs", 3));
    assertThrows(BenchOptions.Refused.class, () -> BenchOptions.parse("--sizes", "10M,0").getSizes("sizes", "0"));
  }
}
