package io.swapflush.alerts;

import io.swapflush.event.Alert;
import java.util.HashSet;
import java.util.Set;

/** An alert this instance delivers: what each destination has had of it, and what is still to go. */
final class TrackedAlert {

  private final Alert alert;
  private final Set<String> toSend = new HashSet<>();
  private final Set<String> delivered = new HashSet<>();
  private final Set<String> retractionsToSend = new HashSet<>();
  private boolean retracted;
  /** A destination was full: the alert waits for it in the database, so it is not settled here. */
  private boolean deferred;

  TrackedAlert(Alert alert, Set<String> delivered, boolean retracted) {
    this.alert = alert;
    this.delivered.addAll(delivered);
    this.retracted = retracted;
  }

  Alert alert() {
    return alert;
  }

  void sending(String destination) {
    toSend.add(destination);
  }

  void sendingRetraction(String destination) {
    retractionsToSend.add(destination);
  }

  void deferred(String destination) {
    toSend.remove(destination);
    retractionsToSend.remove(destination);
    deferred = true;
  }

  void delivered(String destination) {
    toSend.remove(destination);
    delivered.add(destination);
  }

  void retractionDelivered(String destination) {
    retractionsToSend.remove(destination);
  }

  /** Expired, refused or withdrawn: nothing more goes to {@code destination}. */
  void givenUp(String destination) {
    toSend.remove(destination);
    retractionsToSend.remove(destination);
  }

  boolean isRetracted() {
    return retracted;
  }

  /** A fork withdrew it: the destinations that had it (and not its withdrawal yet) are owed one. */
  Set<String> retract() {
    retracted = true;
    Set<String> owed = new HashSet<>(delivered);
    owed.removeAll(retractionsToSend);
    return owed;
  }

  boolean hadIt(String destination) {
    return delivered.contains(destination);
  }

  /** Nothing left to send, here or from the database. */
  boolean isSettled() {
    return toSend.isEmpty() && retractionsToSend.isEmpty() && !deferred;
  }

  boolean isOpen() {
    return !toSend.isEmpty() || !retractionsToSend.isEmpty();
  }
}
