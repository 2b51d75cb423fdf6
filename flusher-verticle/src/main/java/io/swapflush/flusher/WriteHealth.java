package io.swapflush.flusher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Whether the flusher's writes succeed, as facts for {@code /health} and the metrics: whether the
 * database has been reached since start (schema and checkpoints loaded), how long events have
 * waited without a successful write, the last write error with its SQLSTATE, and the spill
 * directory's problems (not writable, corrupt files set aside). A {@code SELECT 1}
 * cannot see a locked table, a missing privilege or a dropped column; this can. Event loop only,
 * except {@link #stalledSeconds()}, which the metrics scrape reads.
 */
final class WriteHealth {

  private boolean connected;
  private String notConnectedReason = "connecting";
  private long waitingSince = -1;
  private long lastSuccess = -1;
  private String lastError;
  private String lastSqlState;
  private String spillProblem;
  private List<String> setAsideSpills = List.of();
  private volatile long stalledSinceMirror = -1;

  void connected() {
    connected = true;
    notConnectedReason = null;
  }

  void notConnected(String reason) {
    notConnectedReason = reason;
  }

  /** The buffer holds events (or not); called whenever that may have changed. */
  void waiting(boolean eventsWaiting) {
    if (!eventsWaiting) {
      waitingSince = -1;
    } else if (waitingSince < 0) {
      waitingSince = now();
    }
    stalledSinceMirror = waitingSince;
  }

  void writeSucceeded(boolean eventsStillWaiting) {
    lastSuccess = now();
    lastError = null;
    lastSqlState = null;
    waitingSince = -1;
    waiting(eventsStillWaiting);
  }

  void writeFailed(Throwable failure) {
    lastError = SqlErrors.describe(failure);
    lastSqlState = SqlErrors.sqlState(failure);
  }

  void spillProblem(String problem) {
    spillProblem = spillProblem == null ? problem : spillProblem + "; " + problem;
  }

  /** The spill files set aside as unreadable that are still in the spill directory. */
  void setAsideSpills(List<String> files) {
    setAsideSpills = List.copyOf(files);
  }

  boolean hasSetAsideSpills() {
    return !setAsideSpills.isEmpty();
  }

  /** Seconds the oldest waiting events have gone without a successful write; 0 when nothing waits. */
  double stalledSeconds() {
    long since = stalledSinceMirror;
    return since < 0 ? 0 : (now() - since) / 1000.0;
  }

  JsonObject report() {
    long now = now();
    return new JsonObject()
        .put("connected", connected)
        .put("notConnectedReason", notConnectedReason)
        .put("writeStalledMs", waitingSince < 0 ? 0 : now - waitingSince)
        .put("lastWriteAgoMs", lastSuccess < 0 ? null : now - lastSuccess)
        .put("lastError", lastError)
        .put("lastSqlState", lastSqlState)
        .put("spillProblem", spillProblems())
        .put("corruptSpillFiles", new JsonArray(setAsideSpills));
  }

  /** Either problem makes /health 503: events are (or could be) lost until an operator acts. */
  private String spillProblems() {
    if (setAsideSpills.isEmpty()) {
      return spillProblem;
    }
    String setAside = setAsideSpills.size() + " corrupt spill file(s) set aside, their events not loaded: "
        + String.join(", ", setAsideSpills) + " (recover what they hold, then move them out of the spill directory)";
    return spillProblem == null ? setAside : spillProblem + "; " + setAside;
  }

  private static long now() {
    return System.nanoTime() / 1_000_000;
  }
}
