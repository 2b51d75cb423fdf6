package io.swapflush.alerts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What destinations had, waiting to be written to {@code swap_alerts} in one statement now and then:
 * a mark for an alert the flusher has not stored yet (the database away, a full buffer) is kept and
 * written again until its row is there, or for {@link #KEEP_UNSTORED_MS}.
 */
final class DeliveryMarks {

  /** An alert's row may take a database outage to appear; not for ever (a fenced write never stores it). */
  static final long KEEP_UNSTORED_MS = 15 * 60_000L;

  record Mark(String id, Set<String> delivered, Set<String> retracted, boolean settled, long firstMs) {
  }

  private Map<String, Mark> marks = new LinkedHashMap<>();

  void delivered(String id, String destination, boolean settled, long nowMs) {
    add(id, Set.of(destination), Set.of(), settled, nowMs);
  }

  void retractionDelivered(String id, String destination, boolean settled, long nowMs) {
    add(id, Set.of(), Set.of(destination), settled, nowMs);
  }

  /** Nothing to send for the alert (any more): settled with what it had. */
  void settled(String id, long nowMs) {
    add(id, Set.of(), Set.of(), true, nowMs);
  }

  private void add(String id, Set<String> delivered, Set<String> retracted, boolean settled, long nowMs) {
    marks.merge(id, new Mark(id, delivered, retracted, settled, nowMs), (a, b) -> new Mark(id,
        union(a.delivered, b.delivered), union(a.retracted, b.retracted), b.settled, a.firstMs));
  }

  boolean isEmpty() {
    return marks.isEmpty();
  }

  boolean holds(String id) {
    return marks.containsKey(id);
  }

  Set<String> ids() {
    return marks.keySet();
  }

  /** The marks to write now; they leave this set until {@link #notWritten} or {@link #notStored} puts them back. */
  List<Mark> take() {
    List<Mark> taken = new ArrayList<>(marks.values());
    marks = new LinkedHashMap<>();
    return taken;
  }

  /** The write failed: the marks go back, merged with any added since. */
  void notWritten(List<Mark> taken) {
    Map<String, Mark> newer = marks;
    marks = new LinkedHashMap<>();
    taken.forEach(m -> add(m.id, m.delivered, m.retracted, m.settled, m.firstMs));
    newer.values().forEach(m -> add(m.id, m.delivered, m.retracted, m.settled, m.firstMs));
  }

  /** Marks whose rows were not found go back, unless they have waited too long; returns how many were dropped. */
  int notStored(List<Mark> taken, Set<String> found, long nowMs) {
    List<Mark> waiting = new ArrayList<>();
    int dropped = 0;
    for (Mark mark : taken) {
      if (found.contains(mark.id)) {
        continue;
      }
      if (nowMs - mark.firstMs > KEEP_UNSTORED_MS) {
        dropped++;
      } else {
        waiting.add(mark);
      }
    }
    notWritten(waiting);
    return dropped;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    Set<String> both = new LinkedHashSet<>(a);
    both.addAll(b);
    return both;
  }
}
