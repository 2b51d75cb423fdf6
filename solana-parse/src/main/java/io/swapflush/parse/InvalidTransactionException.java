package io.swapflush.parse;

import io.swapflush.event.TransactionOutcome;

/**
 * Input that is not a usable transaction. {@link #reason()} is a short, stable tag for the metric
 * label; the message says what is wrong and where.
 */
public final class InvalidTransactionException extends RuntimeException {

  private final String reason;
  private final String signature;

  public InvalidTransactionException(String reason, String message) {
    this(reason, message, null);
  }

  public InvalidTransactionException(String reason, String message, String signature) {
    super(message, null, false, false);
    this.reason = reason;
    this.signature = signature;
  }

  /** The same problem, now known to belong to the transaction with this signature. */
  InvalidTransactionException withSignature(String signature) {
    return new InvalidTransactionException(reason, getMessage(), signature);
  }

  /** The rejection as a value, to be counted and logged where the transaction is handed on. */
  public TransactionOutcome.Invalid outcome() {
    return new TransactionOutcome.Invalid(reason, signature, getMessage());
  }

  public String reason() {
    return reason;
  }

  /** The transaction's signature when it could be read, else null. */
  public String signature() {
    return signature;
  }
}
