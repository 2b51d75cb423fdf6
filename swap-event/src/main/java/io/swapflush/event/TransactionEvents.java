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
 * @param epoch the reading term of the instance that read it (a fencing token: a write of an older
 *     term than the one stored with the checkpoint is refused); 0 for a source with one reader
 * @param alerts what its trades set off: stored with its events, in the same transaction
 */
public record TransactionEvents(String source, long position, String cursor, List<SwapEvent> events, Rewind rewind,
                                long epoch, List<Alert> alerts) {

  public static final long NO_POSITION = -1;

  public TransactionEvents {
    events = List.copyOf(events);
    alerts = List.copyOf(alerts);
  }

  public TransactionEvents(String source, long position, String cursor, List<SwapEvent> events, Rewind rewind,
      long epoch) {
    this(source, position, cursor, events, rewind, epoch, List.of());
  }

  public TransactionEvents(String source, long position, String cursor, List<SwapEvent> events) {
    this(source, position, cursor, events, null, 0);
  }

  /** A positioned source's move back over a fork, in reading term {@code epoch}. */
  public static TransactionEvents rewind(String source, Rewind rewind, long epoch) {
    return new TransactionEvents(source, NO_POSITION, null, List.of(), rewind, epoch);
  }

  /** Events of a positioned source whose position alone says where to resume. */
  public TransactionEvents(String source, long position, List<SwapEvent> events) {
    this(source, position, null, events);
  }

  /** Events of a source without positions. */
  public TransactionEvents(long position, List<SwapEvent> events) {
    this(null, position, null, events, null, 0);
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
