package io.swapflush.event;

/**
 * What parsing one transaction came to, kept as a value so that it can be parsed on one thread and
 * counted, logged and handed on on another: a problem with one transaction is its outcome, never
 * its block's or document's.
 */
public sealed interface TransactionOutcome {

  /** Read: its events (maybe none) and what the parser could not decide. */
  record Parsed(ParsedTransaction transaction) implements TransactionOutcome {
  }

  /**
   * Not a usable transaction: {@code reason} is the short tag for the metric label, {@code signature}
   * the transaction's when it could be read (else null), {@code message} what is wrong and where.
   */
  record Invalid(String reason, String signature, String message) implements TransactionOutcome {

    /** The message, prefixed with the signature when there is one. */
    public String described() {
      return signature == null ? message : signature + ": " + message;
    }
  }

  /** The parser failed on the transaction: a bug in the parser, not in the input. */
  record ParserError(RuntimeException error) implements TransactionOutcome {
  }
}
