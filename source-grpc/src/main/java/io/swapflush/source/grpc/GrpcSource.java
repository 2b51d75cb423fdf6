package io.swapflush.source.grpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.geyser.SlotStatus;
import io.swapflush.geyser.SubscribeUpdate;
import io.swapflush.geyser.SubscribeUpdateBlockMeta;
import io.swapflush.geyser.SubscribeUpdateSlot;
import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import io.swapflush.parse.Base58;
import io.swapflush.parse.TransactionParser;
import io.swapflush.source.IngestResult;
import io.swapflush.source.PausableSource;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.swapflush.source.SourceState;
import io.swapflush.source.rpc.ChainTail;
import io.swapflush.source.rpc.RpcGapFill;
import io.swapflush.support.Backoff;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the chain over a Yellowstone gRPC stream. A slot is handed on as one block once the
 * stream has given its block meta and said it reached the commitment, in chain order: each block
 * must name the last one handed on as its parent (slot and blockhash). A block whose parent was
 * handed on earlier is a fork: the blocks after that parent are rewound (their rows deleted), as is
 * a handed-on slot the stream says died. A stream that ends for any reason, or goes silent, is
 * opened again after a jittered backoff with {@code from_slot} = the slot after the last block
 * handed on, the slots it had half given dropped (they come again whole). What the stream cannot
 * replay (a refused {@code from_slot}, a parent it never sent, again and again) is read over
 * JSON-RPC from the same provider ({@link RpcGapFill}), then the stream is attached again: no slot
 * skipped, none twice. Without that endpoint such a gap halts the source, said on /health.
 */
final class GrpcSource extends PausableSource {

  private static final Logger log = LoggerFactory.getLogger(GrpcSource.class);
  /** How far back a fork is followed: the rpc source's depth, and its cursor's. */
  static final int TAIL_BLOCKS = 256;
  /** Replays that fail to give a missing parent before the gap is read over JSON-RPC instead. */
  static final int REPLAY_ATTEMPTS = 3;
  /** Past the first slot a refusing server still keeps: the window moves on while the gap is read. */
  static final long WINDOW_MARGIN_SLOTS = 150;
  static final long HALTED_RETRY_MS = 15_000;
  /** Complete slots held waiting for a parent still on its way, before it counts as missing. */
  private static final int MAX_WAITING = 64;
  /** Without a stream this long, the source is a problem worth reporting. */
  private static final long UNREACHABLE_NANOS = 30_000_000_000L;

  private final GrpcSettings settings;
  private final MeterRegistry registry;
  private final TransactionParser parser;
  private final int maxDocumentBytes;
  private final RateLimitedWarnings warnings = new RateLimitedWarnings(log, 5_000);
  private final TreeMap<Long, PendingSlot> pending = new TreeMap<>();
  private final Backoff reconnects;
  private Vertx vertx;
  private RecordSink sink;
  private GrpcClient client;
  private GrpcProgress progress;
  private ChainTail tail = new ChainTail(TAIL_BLOCKS);
  private long position;
  private GeyserSubscription subscription;
  private RpcGapFill fill;
  private boolean filling;
  /** Resumed from a checkpoint: rows after it may have been written before the process stopped, maybe of a dead branch. */
  private boolean rowsAfterCheckpointUnknown;
  private boolean awaitingParse;
  private boolean stopped;
  private long reconnectTimer = -1;
  /** A slot before the last block handed on to replay from: the block of another branch the source never saw; -1: none. */
  private long replayFrom = -1;
  private long replayFailedAt = -1;
  private int replayFailures;
  /** Why the source does not go on; null while it does. */
  private String halted;
  private StreamEnd lastEnd;
  private long streamLostNanos = System.nanoTime();

  GrpcSource(GrpcSettings settings, MeterRegistry registry, TransactionParser parser, int maxDocumentBytes) {
    this.settings = settings;
    this.registry = registry;
    this.parser = parser;
    this.maxDocumentBytes = maxDocumentBytes;
    this.reconnects = new Backoff(settings.reconnectMinMs(), settings.reconnectMaxMs());
  }

  @Override
  public String id() {
    return settings.sourceId();
  }

  @Override
  public boolean resumes() {
    return true;
  }

  @Override
  public Future<Void> start(Vertx vertx, RecordSink sink, SourceCheckpoint resumeAfter) {
    this.vertx = vertx;
    this.sink = sink;
    client = GeyserClients.client(vertx, GeyserEndpoint.parse(settings.endpoint()));
    progress = new GrpcProgress(registry, settings.sourceId());
    position = resumeAfter.position();
    if (resumeAfter.cursor() != null) {
      tail = ChainTail.fromCursor(resumeAfter.cursor(), position, TAIL_BLOCKS);
      rowsAfterCheckpointUnknown = true;
    }
    log.info("Streaming {} from {} ({} commitment), {}", settings.sourceId(), settings.shownEndpoint(),
        settings.commitment(), tail.last() != null ? "after slot " + lastSlot()
            : settings.startSlot() != null ? "from slot " + settings.startSlot() : "from the head");
    subscribe();
    return Future.succeededFuture();
  }

  private long lastSlot() {
    return tail.last() == null ? -1 : tail.last().slot();
  }

  private void subscribe() {
    if (stopped || subscription != null || filling) {
      return;
    }
    Long fromSlot = replayFrom >= 0 ? Long.valueOf(replayFrom)
        : tail.last() != null ? Long.valueOf(lastSlot() + 1) : settings.startSlot();
    replayFrom = -1;
    GeyserSubscription opened = new GeyserSubscription(vertx, settings, this::received,
        end -> streamEnded(end, fromSlot));
    subscription = opened;
    if (paused()) {
      opened.pause();
    }
    opened.open(client, GeyserEndpoint.parse(settings.endpoint()), fromSlot).onSuccess(ok -> {
      if (subscription == opened) {
        progress.streaming(true);
        lastEnd = null;
        log.info("Subscribed to {} for {}{}", settings.shownEndpoint(), settings.sourceId(),
            fromSlot == null ? "" : " from slot " + fromSlot);
      }
    });
  }

  private void received(SubscribeUpdate update) {
    progress.received(update.getUpdateOneofCase());
    if (!update.hasTransaction()) {
      // measuring a message walks all of it: a transaction's is measured on the worker that parses it
      progress.receivedBytes(update.getSerializedSize());
    }
    switch (update.getUpdateOneofCase()) {
      case TRANSACTION -> {
        long slot = update.getTransaction().getSlot();
        if (mayFollow(slot)) {
          pendingSlot(slot).add(update.getTransaction().getTransaction());
        }
      }
      case BLOCK_META -> {
        SubscribeUpdateBlockMeta meta = update.getBlockMeta();
        if (mayFollow(meta.getSlot())) {
          pendingSlot(meta.getSlot()).meta(meta);
          deliverReady();
        }
      }
      case SLOT -> slotStatus(update.getSlot());
      default -> {
      }
    }
    if (subscription != null && (paused() || pending.size() > settings.maxPendingSlots())) {
      subscription.pause();
    }
  }

  /**
   * Whether a block at {@code slot} may still be handed on: after the last block, or, at or before
   * it, as another branch's block (a fork at {@code processed}) — a block already handed on again
   * (a replay from before the cursor) is dropped once its meta shows it.
   */
  private boolean mayFollow(long slot) {
    return tail.last() == null || !tail.before(slot);
  }

  private PendingSlot pendingSlot(long slot) {
    return pending.computeIfAbsent(slot, s -> new PendingSlot(s, chunk -> parse(chunk, s)));
  }

  /** Parsed on a worker, chunks in parallel: the event loop keeps only what must be in order. */
  private Future<List<TransactionOutcome>> parse(List<SubscribeUpdateTransactionInfo> chunk, long slot) {
    return vertx.executeBlocking(() -> {
      List<TransactionOutcome> outcomes = new ArrayList<>(chunk.size());
      long bytes = 0;
      for (SubscribeUpdateTransactionInfo info : chunk) {
        outcomes.add(outcome(info, slot));
        bytes += info.getSerializedSize();
      }
      progress.receivedBytes(bytes);
      return outcomes;
    }, false);
  }

  private TransactionOutcome outcome(SubscribeUpdateTransactionInfo info, long slot) {
    try {
      return parser.outcome(ProtobufTransactions.of(info, slot));
    } catch (RuntimeException e) {
      String signature = info.getSignature().size() == 64 ? Base58.encode(info.getSignature().toByteArray()) : null;
      return new TransactionOutcome.Invalid("malformed", signature, "transaction update of slot " + slot
          + " cannot be read: " + e.getMessage());
    }
  }

  private void slotStatus(SubscribeUpdateSlot update) {
    long slot = update.getSlot();
    if (update.getStatus() == SlotStatus.SLOT_DEAD) {
      slotDied(slot, update.hasDeadError() ? update.getDeadError() : "no reason given");
      return;
    }
    if (rank(update.getStatus()) < rank(statusOfCommitment())) {
      return;
    }
    if (slot > progress.head()) {
      progress.head(slot);
    }
    if (mayFollow(slot)) {
      pendingSlot(slot).committed();
      deliverReady();
    }
  }

  private SlotStatus statusOfCommitment() {
    return switch (settings.commitment()) {
      case "processed" -> SlotStatus.SLOT_PROCESSED;
      case "finalized" -> SlotStatus.SLOT_FINALIZED;
      default -> SlotStatus.SLOT_CONFIRMED;
    };
  }

  /** Processed, confirmed, finalized in that order; the statuses between (shreds, banks) come before all. */
  private static int rank(SlotStatus status) {
    return switch (status) {
      case SLOT_PROCESSED -> 1;
      case SLOT_CONFIRMED -> 2;
      case SLOT_FINALIZED -> 3;
      default -> 0;
    };
  }

  /**
   * A slot died: its transactions are dropped; handed on already (possible at {@code processed}),
   * it and the blocks after it are rewound.
   */
  private void slotDied(long slot, String error) {
    PendingSlot dropped = pending.remove(slot);
    ChainTail.Block handedOn = tail.atSlot(slot);
    if (dropped == null && handedOn == null) {
      return;
    }
    progress.deadSlot();
    log.warn("Slot {} died ({}): {}", slot, error, handedOn == null ? "its transactions are dropped"
        : "its rows and those of the blocks after it are deleted");
    if (handedOn != null) {
      ChainTail.Block parent = tail.at(handedOn.position() - 1);
      if (parent == null) {
        halt("slot " + slot + " died after it was handed on, and its parent is no longer among the last "
            + TAIL_BLOCKS + " blocks");
        return;
      }
      rewindTo(parent);
    }
  }

  /** Hands on the complete slots that follow the chain, in order, while not paused. */
  private void deliverReady() {
    while (!paused() && !stopped && !filling && halted == null) {
      Map.Entry<Long, PendingSlot> next = pending.entrySet().stream().filter(e -> e.getValue().complete())
          .findFirst().orElse(null);
      if (next == null) {
        break;
      }
      PendingSlot slot = next.getValue();
      SubscribeUpdateBlockMeta meta = slot.meta();
      ChainTail.Block handedOn = tail.atSlot(slot.slot);
      if (handedOn != null && handedOn.blockhash().equals(meta.getBlockhash())) {
        pending.remove(slot.slot); // sent again
        continue;
      }
      ChainTail.Block last = tail.last();
      if (last != null && (meta.getParentSlot() != last.slot() || !meta.getParentBlockhash().equals(last.blockhash()))) {
        if (!followParent(slot, meta)) {
          return;
        }
        continue;
      }
      Future<List<TransactionOutcome>> transactions = slot.transactions();
      if (!transactions.isComplete()) {
        if (!awaitingParse) {
          awaitingParse = true;
          transactions.onComplete(parsed -> {
            awaitingParse = false;
            deliverReady();
          });
        }
        break;
      }
      if (transactions.failed()) {
        return; // the workers refused it: Vert.x is closing
      }
      handOn(slot, transactions.result());
    }
    if (subscription != null && !paused() && pending.size() <= settings.maxPendingSlots()) {
      subscription.resume();
    }
  }

  /**
   * The block at the front does not follow the last one handed on: a fork back to a block handed
   * on (rewound, then it follows), a parent still on its way (wait), or a parent the stream did not
   * give (a gap). Says whether to go on handing on.
   */
  private boolean followParent(PendingSlot slot, SubscribeUpdateBlockMeta meta) {
    long parent = meta.getParentSlot();
    ChainTail.Block joined = tail.atSlot(parent);
    if (joined != null && joined.blockhash().equals(meta.getParentBlockhash())) {
      progress.fork();
      rewindTo(joined);
      return true;
    }
    PendingSlot waitedFor = pending.get(parent);
    if (parent > lastSlot() && waitedFor != null && !waitedFor.complete()
        && pending.values().stream().filter(PendingSlot::complete).count() <= MAX_WAITING) {
      return false;
    }
    if (tail.before(parent)) {
      halt("the block of slot " + slot.slot + " names parent slot " + parent + ", before the last " + TAIL_BLOCKS
          + " blocks handed on: a fork this deep cannot be followed");
      return false;
    }
    if (parent < lastSlot()) {
      // a branch's block the source never saw (it came before this stream, or the stream skipped it): replayed from it
      replayFrom = parent;
    }
    missing("the block of slot " + slot.slot + " names parent slot " + parent + " (" + meta.getParentBlockhash()
        + "), which the stream did not give", parent);
    return false;
  }

  private void handOn(PendingSlot slot, List<TransactionOutcome> transactions) {
    if (rowsAfterCheckpointUnknown) {
      forgetRowsAfterCheckpoint();
    }
    pending.headMap(slot.slot, true).clear(); // below it and not its parent: branches that lost
    position++;
    tail.add(new ChainTail.Block(position, slot.slot, slot.meta().getBlockhash(), slot.blockTime()));
    sink.deliver(new SourceRecord.Block(settings.sourceId(), position, tail.cursor(), transactions));
    replayFailures = 0;
    reconnects.reset();
  }

  /**
   * Batches commit out of order: the last run may have written rows of blocks after its checkpoint,
   * maybe of a branch that has since died. They go before the first block; what is still on the
   * chain comes again.
   */
  private void forgetRowsAfterCheckpoint() {
    rowsAfterCheckpointUnknown = false;
    sink.deliver(new SourceRecord.Rewind(settings.sourceId(), position, tail.cursor(), lastSlot(), Long.MAX_VALUE));
  }

  /** Abandons what was handed on after {@code joined}: the flusher deletes its rows. */
  private void rewindTo(ChainTail.Block joined) {
    long abandonedThrough = lastSlot();
    log.warn("Rewinding source {} to slot {} (position {}): blocks of slots {} to {} are no longer on the chain",
        settings.sourceId(), joined.slot(), joined.position(), joined.slot() + 1, abandonedThrough);
    tail.truncateAfter(joined);
    position = joined.position();
    sink.deliver(new SourceRecord.Rewind(settings.sourceId(), position, tail.cursor(), joined.slot(),
        abandonedThrough));
  }

  /**
   * The stream lacks what comes after the last block handed on: opened again from there a few
   * times (the server may replay it), then read over JSON-RPC through {@code throughSlot}.
   */
  private void missing(String why, long throughSlot) {
    long from = lastSlot();
    replayFailures = replayFailedAt == from ? replayFailures + 1 : 1;
    replayFailedAt = from;
    if (replayFailures >= REPLAY_ATTEMPTS && settings.gapFill() != null) {
      fillGap(throughSlot, why);
    } else if (replayFailures >= REPLAY_ATTEMPTS) {
      haltWithoutGapFill(why);
    }
    dropStream(StreamEnd.gap(why));
  }

  /** Without a JSON-RPC endpoint to read it from, a gap halts the source; the stream is tried again now and then. */
  private boolean haltWithoutGapFill(String why) {
    halt(why + ", and no processor.source.rpc is set to read the missing slots from: the source waits and "
        + "asks the stream again every " + HALTED_RETRY_MS / 1000 + " s");
    return false;
  }

  private void dropStream(StreamEnd end) {
    GeyserSubscription dropped = subscription;
    if (dropped != null) {
      dropped.cancel();
      streamEnded(end, null);
    }
  }

  /** The stream is over: what it half gave is dropped (a replay gives it whole), and it is opened again. */
  private void streamEnded(StreamEnd end, Long fromSlot) {
    subscription = null;
    pending.clear();
    progress.streaming(false);
    if (stopped) {
      return;
    }
    if (lastEnd == null) {
      streamLostNanos = System.nanoTime();
    }
    lastEnd = end;
    progress.reconnect(end.cause());
    if (filling) {
      return; // attached again once the gap is read
    }
    if (end.replayRefused() && fromSlot != null) {
      replayRefused(end, fromSlot);
      return;
    }
    long delay = end.cause().equals(StreamEnd.REFUSED) ? settings.reconnectMaxMs() : reconnects.next();
    if (halted != null) {
      delay = Math.max(delay, HALTED_RETRY_MS);
    }
    warnings.warn("Stream of " + settings.shownEndpoint() + " ended (" + end.cause() + ": " + end.detail()
        + "); subscribing again in " + delay + " ms");
    reconnectLater(delay);
  }

  private void reconnectLater(long delayMs) {
    vertx.cancelTimer(reconnectTimer);
    reconnectTimer = vertx.setTimer(delayMs, id -> {
      reconnectTimer = -1;
      halted = null;
      subscribe();
    });
  }

  /** The server no longer keeps {@code fromSlot}: what it lacks is read over JSON-RPC, or the source halts. */
  private void replayRefused(StreamEnd end, long fromSlot) {
    String why = "the stream cannot replay from slot " + fromSlot + " (" + end.detail() + ")";
    if (settings.gapFill() == null) {
      haltWithoutGapFill(why);
      reconnectLater(HALTED_RETRY_MS);
      return;
    }
    fillGap(end.lastAvailable() < 0 ? null : Math.max(fromSlot, end.lastAvailable() + WINDOW_MARGIN_SLOTS), why);
  }

  /** Reads the blocks after the last one handed on through {@code throughSlot} (null: the head) over JSON-RPC. */
  private void fillGap(Long throughSlot, String why) {
    filling = true;
    long fromSlot = lastSlot();
    log.warn("{}: reading slots after {} through {} from {} over JSON-RPC", why, fromSlot,
        throughSlot == null ? "the head" : throughSlot, settings.gapFill().shownUrl());
    if (rowsAfterCheckpointUnknown) {
      forgetRowsAfterCheckpoint();
    }
    SourceCheckpoint from = new SourceCheckpoint(position, tail.last() == null ? null : tail.cursor());
    RpcGapFill.start(vertx, settings.gapFill(), from, tail.last() == null ? settings.startSlot() : null, throughSlot,
            maxDocumentBytes, this::fromGapFill)
        .onComplete(started -> {
          if (started.failed()) {
            filling = false;
            halted = "cannot read the gap after slot " + fromSlot + " over JSON-RPC: " + started.cause().getMessage();
            reconnectLater(reconnects.next());
          } else if (stopped) {
            started.result().stop();
          } else {
            fill = started.result();
            if (paused()) {
              fill.pause();
            }
            fill.done().onComplete(done -> gapFilled(done, fromSlot));
          }
        });
  }

  private IngestResult fromGapFill(SourceRecord record) {
    if (paused() && fill != null) {
      fill.pause();
    }
    return sink.deliver(record);
  }

  private void gapFilled(AsyncResult<SourceCheckpoint> done, long fromSlot) {
    fill = null;
    filling = false;
    if (stopped || done.failed()) {
      return;
    }
    SourceCheckpoint reached = done.result();
    boolean read = reached.position() > position;
    position = reached.position();
    if (reached.cursor() != null) {
      tail = ChainTail.fromCursor(reached.cursor(), position, TAIL_BLOCKS);
    }
    progress.gapFilled(Math.max(0, lastSlot() - fromSlot));
    log.info("Read the gap over JSON-RPC through slot {}; attaching to the stream again", lastSlot());
    replayFailures = 0;
    if (read) {
      subscribe();
    } else {
      reconnectLater(reconnects.next()); // nothing new to read: not again at once
    }
  }

  private void halt(String why) {
    if (!why.equals(halted)) {
      log.error("Source {} halted: {}", settings.sourceId(), why);
    }
    halted = why;
  }

  @Override
  public SourceState state() {
    return new SourceState(problem(), -1, progress == null ? -1 : progress.lagSeconds());
  }

  private String problem() {
    if (halted != null) {
      return halted;
    }
    if (fill != null && fill.problem() != null) {
      return "reading a gap over JSON-RPC: " + fill.problem();
    }
    long lostNanos = System.nanoTime() - streamLostNanos;
    if (lastEnd != null && !filling && lostNanos > UNREACHABLE_NANOS) {
      return "no stream from " + settings.shownEndpoint() + " for " + lostNanos / 1_000_000_000 + " s: "
          + lastEnd.cause() + " (" + lastEnd.detail() + ")";
    }
    return null;
  }

  @Override
  public void durable(long durablePosition) {
    ChainTail.Block block = tail.at(durablePosition);
    if (block != null) {
      progress.durable(block.slot(), block.blockTime());
    }
  }

  @Override
  public Future<Boolean> hasUnreadInput() {
    return Future.succeededFuture(!stopped && (filling || pending.values().stream().anyMatch(PendingSlot::complete)));
  }

  @Override
  protected void resumed() {
    if (fill != null) {
      fill.resume();
    }
    if (vertx != null) {
      deliverReady();
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (vertx == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(reconnectTimer);
    if (subscription != null) {
      subscription.cancel();
    }
    progress.close();
    Future<Void> fillStopped = fill == null ? Future.succeededFuture() : fill.stop();
    return fillStopped.eventually(() -> client.close()).otherwiseEmpty();
  }
}
