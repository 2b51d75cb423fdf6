package io.swapflush.alerts;

import java.util.List;

/**
 * {@code processor.alerts}, validated.
 *
 * @param destinations where alerts go
 * @param failingAfterMs how long a destination may fail before /health says so
 * @param ownerLeaseMs how long this instance's claim on its alerts outlives its last heartbeat: after
 *     that (it died, or its database link did) another instance, or this one restarted, delivers them
 * @param keptPerDestination undelivered messages a destination holds in memory; beyond, they wait in
 *     the database and are read back as it catches up
 * @param streamKept alerts the live stream keeps for clients that resume
 */
public record AlertSettings(List<DestinationSettings> destinations, long failingAfterMs, long ownerLeaseMs,
                            int keptPerDestination, int streamKept) {

  public static final AlertSettings NONE = new AlertSettings(List.of(), 60_000, 15_000, 10_000, 1000);

  public AlertSettings {
    destinations = List.copyOf(destinations);
  }
}
