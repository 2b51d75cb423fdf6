package io.swapflush.event;

import java.util.List;

/**
 * The event-bus message: all swap events of one source transaction and that transaction's
 * position in its source. A flush never splits one message.
 *
 * @param position the source position (a line number, a slot), or {@link #NO_POSITION}
 */
public record TransactionEvents(long position, List<SwapEvent> events) {

  public static final long NO_POSITION = -1;

  public TransactionEvents {
    events = List.copyOf(events);
  }

  public int size() {
    return events.size();
  }
}
