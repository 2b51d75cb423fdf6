package io.swapflush.flusher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CheckpointTrackerTest {

  private final CheckpointTracker tracker = new CheckpointTracker();

  private static List<TransactionEvents> at(String source, long... positions) {
    return Arrays.stream(positions).mapToObj(p -> new TransactionEvents(source, p, List.of())).toList();
  }

  private Map<String, Long> prospective(List<TransactionEvents> batch) {
    return positions(tracker.prospective(batch));
  }

  private static Map<String, Long> positions(Map<String, SourceCheckpoint> checkpoints) {
    return checkpoints.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().position()));
  }

  @Test
  void theCheckpointNeverPassesAGap() {
    List<TransactionEvents> first = at("f", 1, 2, 3, 5);
    assertEquals(Map.of("f", 3L), prospective(first));
    tracker.done(first);
    tracker.persisted(Map.of("f", new SourceCheckpoint(3, null)));
    assertEquals(3, tracker.position("f").position());

    List<TransactionEvents> later = at("f", 6, 7);
    assertEquals(Map.of(), prospective(later), "4 is not durable yet");
    tracker.done(later);
    assertEquals(3, tracker.position("f").position());

    List<TransactionEvents> gap = at("f", 4);
    assertEquals(Map.of("f", 7L), prospective(gap));
    tracker.done(gap);
    assertEquals(7, tracker.position("f").position());
  }

  @Test
  void theCheckpointCarriesTheCursorOfItsPosition() {
    List<TransactionEvents> first = List.of(new TransactionEvents("f", 1, "a", List.of()),
        new TransactionEvents("f", 2, "b", List.of()), new TransactionEvents("f", 4, "d", List.of()));
    assertEquals(Map.of("f", new SourceCheckpoint(2, "b")), tracker.prospective(first));
    tracker.done(first);
    assertEquals(new SourceCheckpoint(2, "b"), tracker.position("f"));
    List<TransactionEvents> gap = List.of(new TransactionEvents("f", 3, "c", List.of()));
    assertEquals(Map.of("f", new SourceCheckpoint(4, "d")), tracker.prospective(gap));
    tracker.done(gap);
    assertEquals(new SourceCheckpoint(4, "d"), tracker.position("f"));
  }

  @Test
  void aRestoredSourceContinuesAndOldPositionsAreIgnored() {
    tracker.restore("f", new SourceCheckpoint(100, "c"));
    assertEquals(Map.of(), prospective(at("f", 5, 6)), "a replay from the start does not move it back");
    tracker.done(at("f", 5, 6));
    assertEquals(new SourceCheckpoint(100, "c"), tracker.position("f"));
    List<TransactionEvents> mixed = new ArrayList<>(at("f", 101));
    mixed.addAll(at("g", 1));
    mixed.add(new TransactionEvents(TransactionEvents.NO_POSITION, List.of()));
    assertEquals(Map.of("f", 101L, "g", 1L), prospective(mixed));
  }

  @Test
  void withTwoBatchesAlwaysInFlightEachCarriesWhatIsDurableWhenItStarts() {
    List<TransactionEvents> a = at("f", 1, 2);
    List<TransactionEvents> b = at("f", 3, 4);
    Map<String, SourceCheckpoint> checkpointA = tracker.prospective(a);
    Map<String, SourceCheckpoint> checkpointB = tracker.prospective(b);
    assertEquals(Map.of("f", 2L), positions(checkpointA));
    assertEquals(Map.of(), checkpointB, "1 and 2 are in flight");
    tracker.done(a);
    tracker.persisted(checkpointA);
    assertEquals(Map.of(), prospective(at("f", 5, 6)), "3 and 4 are in flight, 2 is stored");
    tracker.done(b);
    tracker.persisted(checkpointB);
    assertEquals(Map.of("f", 4L), prospective(at("f", 7, 8)), "b committed without moving the checkpoint");
  }
}
