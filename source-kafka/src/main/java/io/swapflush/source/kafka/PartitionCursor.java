package io.swapflush.source.kafka;

import io.swapflush.event.SourceCheckpoint;
import io.vertx.core.json.JsonObject;

/**
 * Where a partition's sequence stands: {@code position} records read (the dense sequence the
 * flusher's contiguity runs on) and the offset of the next record. Offsets are not dense
 * (transaction markers, compaction), so the sequence counts records read, never offsets.
 *
 * @param nextOffset -1 when nothing was ever stored: from the partition's beginning
 */
record PartitionCursor(long position, long nextOffset) {

  static final PartitionCursor BEGINNING = new PartitionCursor(0, -1);

  static PartitionCursor of(SourceCheckpoint checkpoint) {
    if (checkpoint.cursor() == null) {
      return BEGINNING;
    }
    return new PartitionCursor(checkpoint.position(), new JsonObject(checkpoint.cursor()).getLong("offset"));
  }

  /** The cursor after the record at {@code offset}: the next position, and the offset after it. */
  PartitionCursor after(long offset) {
    return new PartitionCursor(position + 1, offset + 1);
  }

  /** The later of two cursors of one partition (numbering is the same whoever reads it). */
  PartitionCursor later(PartitionCursor other) {
    return other != null && other.position > position ? other : this;
  }

  /** What is stored with the rows: the next offset. */
  String cursor() {
    return new JsonObject().put("offset", nextOffset).encode();
  }
}
