package io.swapflush.source;

import io.vertx.core.json.JsonObject;

/**
 * How the processor's source stands, as /health judges it and the status page shows it.
 *
 * @param source the id of a positioned source; null for one without positions
 * @param role {@code alone}, {@code leader}, {@code standby} or {@code connecting}
 * @param state {@code running}, {@code finished}, {@code standby}, or what it waits for or is held up by
 * @param outbox transactions the flusher has not accepted yet
 * @param paused whether the outbox holds the source paused
 * @param stalledMs how long input has waited unread; 0 while the source progresses
 * @param position the last position read; null for a source without positions
 * @param lagSeconds how far behind its input what is durable is; null when the source cannot tell
 * @param stalledReason why it is stalled; null while it is not
 */
public record SourceReport(String source, String role, String state, int outbox, boolean paused, long stalledMs,
                           Long position, Double lagSeconds, String stalledReason) {

  /** States in which the source is where it should be: reading, done, or ready to take over. */
  public boolean inGoodState() {
    return state.equals("running") || state.equals("finished") || state.equals("standby");
  }

  /** The report as /api/status and /health show it; absent values left out. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("source", source).put("role", role).put("state", state)
        .put("outbox", outbox).put("paused", paused).put("stalledMs", stalledMs);
    if (position != null) {
      json.put("position", position);
    }
    if (lagSeconds != null) {
      json.put("lagSeconds", lagSeconds);
    }
    if (stalledReason != null) {
      json.put("stalledReason", stalledReason);
    }
    return json;
  }
}
