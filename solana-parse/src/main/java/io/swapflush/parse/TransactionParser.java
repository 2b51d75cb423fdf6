package io.swapflush.parse;

import static io.swapflush.parse.JsonFields.array;
import static io.swapflush.parse.JsonFields.base58;
import static io.swapflush.parse.JsonFields.object;
import static io.swapflush.parse.JsonFields.unsignedLong;

import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.event.Uncertainty;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads Solana {@code getTransaction} JSON (encodings {@code json} and {@code jsonParsed}, legacy
 * and v0) into swap events. Input may be a bare result, a JSON-RPC response, or an array of either;
 * or a transaction in the binary form a Geyser stream carries ({@link BinaryTransaction}), read by
 * the same rules.
 * Stateless and thread-safe (what it looks up, the venues, is fixed when their class loads): the rpc
 * source parses blocks on several worker threads at once.
 */
public final class TransactionParser {

  private final int maxDocumentBytes;

  public TransactionParser(int maxDocumentBytes) {
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /**
   * The programs of the venues this parser knows to trade at (pools and routers; a front end wraps
   * one of them): a stream filtered to transactions naming any of them misses no trade the parser reads.
   */
  public static List<String> tradingPrograms() {
    return Venues.tradingPrograms();
  }

  /** {@link #split(byte[])} of a document held as text. */
  public List<Object> split(String document) {
    return split(document.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Splits one UTF-8 input document into its transactions, still unchecked (decoded JSON values, a
   * {@code Map} for an object); each is then given to {@link #parse}. Bytes, not text: decoding a line
   * into a String first would cost as much as tokenizing it.
   */
  public List<Object> split(byte[] document) {
    if (document.length > maxDocumentBytes) {
      throw new InvalidTransactionException("too-large",
          "input of " + document.length + " bytes exceeds the limit of " + maxDocumentBytes);
    }
    Object root = LeanJson.decode(document);
    if (root instanceof List<?> array) {
      return Collections.unmodifiableList(array);
    }
    if (root instanceof Map) {
      return List.of(root);
    }
    throw new InvalidTransactionException("wrong-type",
        "input must be a transaction object or an array of them, got " + (root == null ? "null" : root));
  }

  /**
   * Parses one transaction (a result or a JSON-RPC response holding one) as {@link #split} or
   * {@link BlockReader} decoded it: a {@code Map} of plain maps, lists, strings, numbers and booleans.
   */
  public ParsedTransaction parse(Object element) {
    Map<?, ?> result = unwrap(element);
    String signature = null;
    try {
      Map<?, ?> transaction = object(result, "transaction", "result");
      List<?> signatures = array(transaction, "signatures", "transaction");
      if (signatures.isEmpty()) {
        throw new InvalidTransactionException("missing-field", "transaction.signatures is empty");
      }
      signature = base58(signatures.get(0), "transaction.signatures[0]", 64);
      return events(result, transaction, signature);
    } catch (InvalidTransactionException e) {
      throw signature == null ? e : e.withSignature(signature);
    }
  }

  /**
   * {@link #parse}, its rejection or failure kept as the outcome rather than thrown, for the
   * processor to count and log: a parser bug costs one transaction, not the stream.
   */
  public TransactionOutcome outcome(Object element) {
    return outcomeOf(() -> parse(element));
  }

  /** Parses one transaction in binary form, as a Geyser stream carries it. */
  public ParsedTransaction parse(BinaryTransaction transaction) {
    String signature = BinaryTransactions.signature(transaction);
    try {
      if (transaction.failed()) {
        return new ParsedTransaction(signature, List.of(), Set.of());
      }
      AccountKeys keys = BinaryTransactions.keys(transaction);
      return events(signature, transaction.slot(), transaction.blockTime(), keys,
          BinaryTransactions.balanceChanges(keys, transaction), BinaryTransactions.instructions(keys, transaction));
    } catch (InvalidTransactionException e) {
      throw e.withSignature(signature);
    }
  }

  /** {@link #parse(BinaryTransaction)}, its rejection or failure kept as the outcome, as {@link #outcome(Object)}. */
  public TransactionOutcome outcome(BinaryTransaction transaction) {
    return outcomeOf(() -> parse(transaction));
  }

  private static TransactionOutcome outcomeOf(Supplier<ParsedTransaction> parse) {
    try {
      return new TransactionOutcome.Parsed(parse.get());
    } catch (InvalidTransactionException e) {
      return e.outcome();
    } catch (RuntimeException e) {
      return new TransactionOutcome.ParserError(e);
    }
  }

  private static Map<?, ?> unwrap(Object element) {
    if (!(element instanceof Map<?, ?> object)) {
      throw new InvalidTransactionException("wrong-type", "a transaction must be a JSON object, got "
          + JsonFields.typeOf(element));
    }
    if (!object.containsKey("jsonrpc") && !object.containsKey("result")) {
      return object;
    }
    if (object.get("error") != null) {
      throw new InvalidTransactionException("rpc-error", "JSON-RPC error: " + object.get("error"));
    }
    Object result = object.get("result");
    if (!(result instanceof Map<?, ?> resultObject)) {
      throw new InvalidTransactionException(result == null ? "missing-field" : "wrong-type",
          "JSON-RPC response has no transaction in result");
    }
    return resultObject;
  }

  private static ParsedTransaction events(Map<?, ?> result, Map<?, ?> transaction, String signature) {
    long slot = unsignedLong(result.get("slot"), "slot");
    Object blockTimeValue = result.get("blockTime");
    Long blockTime = blockTimeValue == null ? null : unsignedLong(blockTimeValue, "blockTime");
    Map<?, ?> meta = object(result, "meta", "result");
    if (meta.get("err") != null) {
      return new ParsedTransaction(signature, List.of(), Set.of());
    }
    Map<?, ?> message = object(transaction, "message", "transaction");
    AccountKeys keys = AccountKeys.of(message, meta);
    BalanceChanges changes = BalanceChanges.of(keys, meta);
    return events(signature, slot, blockTime, keys, changes, Instructions.of(keys, message, meta));
  }

  private static ParsedTransaction events(String signature, long slot, Long blockTime, AccountKeys keys,
      BalanceChanges changes, List<Instruction> instructions) {
    List<String> routeAuthorities = Invocations.routeAuthorities(instructions);
    VenueFlows flows = VenueFlows.of(instructions, changes, keys.signers(), routeAuthorities);
    Set<Uncertainty> uncertain = EnumSet.noneOf(Uncertainty.class);
    uncertain.addAll(flows.uncertain());
    List<SwapEvent> events = new ArrayList<>();
    List<String> traders = changes.traders(routeAuthorities, flows);
    for (String trader : traders) {
      TraderFlows venueSide = traders.size() == 1 ? flows.ofSoleTrader(trader) : flows.of(trader);
      for (Trade trade : changes.tradesOf(trader, venueSide)) {
        if (!trade.decimalsKnown()) {
          uncertain.add(Uncertainty.UNRESOLVED_HOP);
          continue;
        }
        events.add(new SwapEvent(signature, slot, blockTime, flows.venue(trade.instruction()), trader,
            trade.baseMint(), trade.quoteMint(),
            trade.side(), trade.baseAmount(), trade.quoteAmount(), trade.baseDecimals(), trade.quoteDecimals()));
        if (trade.doubt() != null) {
          uncertain.add(trade.doubt());
        }
      }
    }
    if (events.isEmpty() && flows.venuesMoved()) {
      uncertain.add(Uncertainty.NO_EVENT);
    }
    return new ParsedTransaction(signature, events, uncertain);
  }
}
