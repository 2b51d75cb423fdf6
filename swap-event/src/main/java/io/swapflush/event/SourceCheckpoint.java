package io.swapflush.event;

import io.vertx.core.json.JsonObject;

/**
 * Where a positioned source stands durably: every position up to {@code position} is stored, and
 * {@code cursor} (opaque, may be null) is what the source needs to find the next one.
 */
public record SourceCheckpoint(long position, String cursor) {

  public static final SourceCheckpoint START = new SourceCheckpoint(0, null);

  public JsonObject toJson() {
    return new JsonObject().put("position", position).put("cursor", cursor);
  }

  public static SourceCheckpoint fromJson(JsonObject json) {
    return new SourceCheckpoint(json.getLong("position"), json.getString("cursor"));
  }
}
