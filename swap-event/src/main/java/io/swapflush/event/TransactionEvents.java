package io.swapflush.event;

import java.util.List;

/**
 * The event-bus message: all swap events of one source transaction (or of one input document of a
 * positioned source, which may hold none) and where it sits in its source. A flush never splits one
 * message.
 *
 * @param source the id of a positioned source, whose checkpoint the flusher keeps; null otherwise
 * @param position the dense sequence number in that source, or {@link #NO_POSITION}
 * @param cursor what the source resumes from when this is its checkpoint, opaque to all but the
 *     source (for a file, where its current generation began); may be null
 * @param rewind for a message that carries no events but a source's move back over a fork; else null
 */
public record TransactionEvents(String source, long position, String cursor, List<SwapEvent> events, Rewind rewind) {

  public static final long NO_POSITION = -1;

  public TransactionEvents {
    events = List.copyOf(events);
  }

  public TransactionEvents(String source, long position, String cursor, List<SwapEvent> events) {
    this(source, position, cursor, events, null);
  }

  /** A positioned source's move back over a fork. */
  public static TransactionEvents rewind(String source, Rewind rewind) {
    return new TransactionEvents(source, NO_POSITION, null, List.of(), rewind);
  }

  /** Events of a positioned source whose position alone says where to resume. */
  public TransactionEvents(String source, long position, List<SwapEvent> events) {
    this(source, position, null, events);
  }

  /** Events of a source without positions. */
  public TransactionEvents(long position, List<SwapEvent> events) {
    this(null, position, null, events);
  }

  public int size() {
    return events.size();
  }

  public boolean hasCheckpoint() {
    return source != null && position != NO_POSITION;
  }

  public boolean isRewind() {
    return rewind != null;
  }
}
