package io.swapflush.alerts;

import io.swapflush.event.AlertRetraction;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alerts this instance holds: those with something still to go, and the last few thousand
 * delivered ones of positioned sources, which a fork may yet withdraw (older ones are withdrawn from
 * the database, where the flusher's rewind marks them).
 */
final class AlertBook {

  private final int recentKept;
  private final Map<String, TrackedAlert> open = new LinkedHashMap<>();
  private final LinkedHashMap<String, TrackedAlert> recent = new LinkedHashMap<>();

  AlertBook(int recentKept) {
    this.recentKept = recentKept;
  }

  boolean knows(String id) {
    return open.containsKey(id) || recent.containsKey(id);
  }

  TrackedAlert get(String id) {
    TrackedAlert tracked = open.get(id);
    return tracked != null ? tracked : recent.get(id);
  }

  /** Holds {@code tracked}, in place of an earlier firing of its alert. */
  void add(TrackedAlert tracked) {
    recent.remove(tracked.alert().id());
    open.put(tracked.alert().id(), tracked);
  }

  /** Called after each change to {@code tracked}: an alert with nothing left to go leaves the open ones. */
  void update(TrackedAlert tracked) {
    String id = tracked.alert().id();
    if (tracked.isOpen()) {
      recent.remove(id);
      open.put(id, tracked);
      return;
    }
    open.remove(id);
    if (tracked.alert().source() != null && !tracked.isRetracted()) {
      recent.put(id, tracked);
      if (recent.size() > recentKept) {
        Iterator<String> oldest = recent.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
    }
  }

  /** The alerts held that {@code retraction} covers. */
  List<TrackedAlert> covered(AlertRetraction retraction) {
    List<TrackedAlert> covered = new ArrayList<>();
    for (Map<String, TrackedAlert> held : List.of(open, recent)) {
      held.values().stream().filter(t -> retraction.covers(t.alert())).forEach(covered::add);
    }
    return covered;
  }

  /** Ids of the alerts with something still to go. */
  Set<String> openIds() {
    return open.keySet();
  }

  int openCount() {
    return open.size();
  }
}
