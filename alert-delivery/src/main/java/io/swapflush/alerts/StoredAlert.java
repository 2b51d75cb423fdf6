package io.swapflush.alerts;

import io.swapflush.event.Alert;
import java.util.Set;

/**
 * An alert as stored, with what its destinations have had of it.
 *
 * @param delivered destinations that took the alert
 * @param retracted whether a fork withdrew it
 * @param retractionDelivered destinations that took its withdrawal
 */
record StoredAlert(Alert alert, Set<String> delivered, boolean retracted, Set<String> retractionDelivered) {
}
