package io.swapflush.flusher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.event.TransactionEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTrackerTest {

  private final CheckpointTracker tracker = new CheckpointTracker();

  private static List<TransactionEvents> at(String source, long... positions) {
    return java.util.Arrays.stream(positions).mapToObj(p -> new TransactionEvents(source, p, List.of())).toList();
  }

  @Test
  void theCheckpointNeverPassesAGap() {
    List<TransactionEvents> first = at("f", 1, 2, 3, 5);
    assertEquals(Map.of("f", 3L), tracker.prospective(first));
    tracker.done(first);
    tracker.persisted(Map.of("f", 3L));
    assertEquals(3, tracker.position("f"));

    List<TransactionEvents> later = at("f", 6, 7);
    assertEquals(Map.of(), tracker.prospective(later), "4 is not durable yet");
    tracker.done(later);
    assertEquals(3, tracker.position("f"));

    List<TransactionEvents> gap = at("f", 4);
    assertEquals(Map.of("f", 7L), tracker.prospective(gap));
    tracker.done(gap);
    assertEquals(7, tracker.position("f"));
  }

  @Test
  void aRestoredSourceContinuesAndOldPositionsAreIgnored() {
    tracker.restore("f", 100);
    assertEquals(Map.of(), tracker.prospective(at("f", 5, 6)), "a replay from the start does not move it back");
    tracker.done(at("f", 5, 6));
    assertEquals(Map.of("f", 101L, "g", 1L), tracker.prospective(at("f", 101).stream()
        .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
          List<TransactionEvents> all = new java.util.ArrayList<>(l);
          all.addAll(at("g", 1));
          all.add(new TransactionEvents(TransactionEvents.NO_POSITION, List.of()));
          return all;
        }))));
  }

  @Test
  void withTwoBatchesAlwaysInFlightEachCarriesWhatIsDurableWhenItStarts() {
    List<TransactionEvents> a = at("f", 1, 2);
    List<TransactionEvents> b = at("f", 3, 4);
    Map<String, Long> checkpointA = tracker.prospective(a);
    Map<String, Long> checkpointB = tracker.prospective(b);
    assertEquals(Map.of("f", 2L), checkpointA);
    assertEquals(Map.of(), checkpointB, "1 and 2 are in flight");
    tracker.done(a);
    tracker.persisted(checkpointA);
    List<TransactionEvents> c = at("f", 5, 6);
    assertEquals(Map.of(), tracker.prospective(c), "3 and 4 are in flight, 2 is stored");
    tracker.done(b);
    tracker.persisted(checkpointB);
    assertEquals(Map.of("f", 4L), tracker.prospective(at("f", 7, 8)), "b committed without moving the checkpoint");
  }
}
