package io.swapflush.source.grpc;

import io.swapflush.event.ParsedTransaction;
import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.geyser.SubscribeUpdateBlockMeta;
import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A slot of the stream not yet handed on: its transactions, parsed off the event loop in chunks as
 * they arrive (so that a slot's burst is parsed while it is still being received), its block meta,
 * and whether it reached the commitment. Complete with both; handed on once parsed too.
 */
final class PendingSlot {

  /** Transactions parsed together on one worker: large enough to amortise the hand-over, small enough to overlap. */
  static final int CHUNK = 32;

  final long slot;
  private final Function<List<SubscribeUpdateTransactionInfo>, Future<List<TransactionOutcome>>> parse;
  private final List<Future<List<TransactionOutcome>>> parsed = new ArrayList<>();
  private List<SubscribeUpdateTransactionInfo> chunk = new ArrayList<>();
  private SubscribeUpdateBlockMeta meta;
  private boolean committed;
  private Future<List<TransactionOutcome>> transactions;

  PendingSlot(long slot, Function<List<SubscribeUpdateTransactionInfo>, Future<List<TransactionOutcome>>> parse) {
    this.slot = slot;
    this.parse = parse;
  }

  void add(SubscribeUpdateTransactionInfo transaction) {
    chunk.add(transaction);
    if (chunk.size() >= CHUNK) {
      parseChunk();
    }
  }

  void meta(SubscribeUpdateBlockMeta blockMeta) {
    meta = blockMeta;
    parseChunk();
  }

  void committed() {
    committed = true;
    parseChunk();
  }

  private void parseChunk() {
    if (!chunk.isEmpty()) {
      parsed.add(parse.apply(chunk));
      chunk = new ArrayList<>();
    }
  }

  boolean complete() {
    return meta != null && committed;
  }

  SubscribeUpdateBlockMeta meta() {
    return meta;
  }

  /** The block time the meta gives, null when the node has none. */
  Long blockTime() {
    return meta.hasBlockTime() ? meta.getBlockTime().getTimestamp() : null;
  }

  /** The slot's transactions in the order they arrived, each with the block's time; asked once complete. */
  Future<List<TransactionOutcome>> transactions() {
    if (transactions == null) {
      parseChunk();
      Long blockTime = blockTime();
      transactions = Future.all(parsed).map(all -> {
        List<TransactionOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
          List<TransactionOutcome> part = all.resultAt(i);
          part.forEach(outcome -> outcomes.add(withBlockTime(outcome, blockTime)));
        }
        return outcomes;
      });
    }
    return transactions;
  }

  /** The update carries no block time: the block meta does, and it may come after the transactions were parsed. */
  private static TransactionOutcome withBlockTime(TransactionOutcome outcome, Long blockTime) {
    if (blockTime == null || !(outcome instanceof TransactionOutcome.Parsed parsed)
        || parsed.transaction().events().isEmpty()) {
      return outcome;
    }
    ParsedTransaction transaction = parsed.transaction();
    List<SwapEvent> events = transaction.events().stream().map(e -> new SwapEvent(e.signature(), e.slot(), blockTime,
        e.venue(), e.trader(), e.baseMint(), e.quoteMint(), e.side(), e.baseAmount(), e.quoteAmount(),
        e.baseDecimals(), e.quoteDecimals())).toList();
    return new TransactionOutcome.Parsed(new ParsedTransaction(transaction.signature(), events,
        transaction.uncertain()));
  }
}
