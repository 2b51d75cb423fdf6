package io.swapflush.event;

/** Event-bus addresses shared by the verticles. */
public final class Addresses {

  /** {@link TransactionEvents} from the processor to the flusher (request/reply). */
  public static final String EVENTS = "swapflush.events";

  /** Each {@link Alert} the processor's triggers set off, published as they fire. */
  public static final String ALERTS = "swapflush.alerts";

  /** {@link AlertRetraction}s published by the processor when its source rewinds over a fork. */
  public static final String ALERT_RETRACTIONS = "swapflush.alerts.retractions";

  /** Any message asked of the alert delivery; the reply is its status JSON: destinations, backlog (request/reply). */
  public static final String ALERT_STATUS = "swapflush.alerts.status";

  /** A source id asked of the flusher; the reply is its {@link SourceCheckpoint} as JSON (request/reply). */
  public static final String CHECKPOINTS = "swapflush.checkpoints";

  /** Any message asked of the flusher; the reply is its status JSON: connected, write errors, stalls (request/reply). */
  public static final String FLUSHER_STATUS = "swapflush.flusher.status";

  /** Any message asked of the processor; the reply is its source's status JSON: progress, stalls (request/reply). */
  public static final String PROCESSOR_STATUS = "swapflush.processor.status";

  /** Published with the source id once a source that ends (a backfill) has read everything and it is durable. */
  public static final String SOURCE_FINISHED = "swapflush.source.finished";

  /**
   * A page of the events stored lately, asked of the flusher with {@code {"windowMs", "after", "limit"}};
   * the reply is {@code {"events":[…], "after":…}} (request/reply).
   */
  public static final String RECENT_EVENTS = "swapflush.recent-events";

  /** A base mint asked of the processor's counters; the reply is its stats JSON (request/reply). */
  public static final String MINT_STATS = "swapflush.mint-stats";

  /** Raw transaction JSON handed to the processor by the HTTP endpoint (request/reply). */
  public static final String TRANSACTIONS = "swapflush.transactions";

  private Addresses() {
  }
}
