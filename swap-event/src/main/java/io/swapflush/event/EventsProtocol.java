package io.swapflush.event;

/**
 * The request/reply rules on {@link Addresses#EVENTS}. The flusher replies as soon as a message is
 * buffered; a refusal is not a loss: the sender keeps the message and tries again later.
 */
public final class EventsProtocol {

  /** Failure code of a refusal: the flusher's buffer has no room for the message's events. */
  public static final int BUFFER_FULL = 503;

  /** Failure code of a checkpoint query before the flusher has loaded the checkpoints: ask again later. */
  public static final int NOT_READY = 425;

  /**
   * Header of a checkpoint query whose answer must come from the database, not from what the flusher
   * loaded at start: another instance may have moved that checkpoint since (a Kafka partition that
   * changed hands). The flusher takes the stored checkpoint into its own before answering.
   */
  public static final String FROM_DATABASE = "swapflush-from-database";

  /**
   * Header of a message sent during shutdown, when the sender cannot keep it any longer: the
   * flusher takes it whatever its bound (it drains or spills it to disk).
   */
  public static final String FINAL_HANDOVER = "swapflush-final-handover";

  /**
   * Header of a checkpoint query to answer from the database, not from what the flusher last loaded:
   * a new reading term begins; its value is the term's epoch, and older terms' messages are dropped.
   */
  public static final String FRESH_CHECKPOINT = "swapflush-fresh-checkpoint";

  private EventsProtocol() {
  }
}
