package io.swapflush.source.rpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionOutcome;
import io.swapflush.parse.BlockReader;
import io.swapflush.parse.InvalidTransactionException;
import io.swapflush.parse.JsonRpcError;
import io.swapflush.parse.SolanaBlock;
import io.swapflush.source.PausableSource;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.swapflush.source.SourceState;
import io.swapflush.support.Backoff;
import io.swapflush.support.RateLimitedWarnings;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Solana over JSON-RPC the way indexers that must not miss a block do: {@code getSlot} for
 * the head at the commitment, {@code getBlocks} for which slots have blocks, {@code getBlock} for
 * each, {@code concurrency} at once (memory is bounded by that many blocks), decoded and parsed off
 * the event loop, several blocks at once, and handed on strictly in slot order. A slot is skipped
 * only when {@code getBlocks} does not list it and no block names it as its parent; every other
 * failure is retried with backoff (honouring {@code Retry-After}), never stepped over. Each block
 * must follow the last one handed on (parent slot and blockhash); when one does not, the new branch
 * is walked back to where it joins the blocks read, the flusher is told to delete the abandoned
 * blocks' rows and move the checkpoint back there, and reading goes on from it. The blocks read
 * travel in every cursor, so a restart follows a fork back like a running source. A provider that
 * keeps answering the same place in a way that cannot be used (a block that does not fit the chain,
 * a malformed block) is asked a few times, then the source halts with the reason on /health and
 * asks again only now and then.
 */
final class RpcSource extends PausableSource {

  private static final Logger log = LoggerFactory.getLogger(RpcSource.class);
  /** Slots asked of getBlocks at once; real nodes allow up to 500 000. */
  private static final long LIST_WINDOW = 1000;
  /** How far back a fork is followed, running or after a restart: deeper ones (none on mainnet at {@code confirmed}) halt the source. */
  static final int TAIL_BLOCKS = 256;
  /** Unusable answers at one place before the source halts and asks only every {@link #HALTED_RETRY_MS}. */
  static final int ATTEMPTS = 5;
  static final long HALTED_RETRY_MS = 15_000;
  private static final long HEAD_REFRESH_MS = 5_000;
  private static final long ATTEMPT_RETRY_MS = 1_000;
  /** Failing this long without a usable answer makes the provider a problem worth reporting. */
  private static final long UNREACHABLE_NANOS = 30_000_000_000L;

  private final RpcSettings settings;
  private final MeterRegistry registry;
  /** What one transaction of a block comes to: run on the worker that decoded the block. */
  private final Function<Object, TransactionOutcome> parse;
  private final RateLimitedWarnings warnings = new RateLimitedWarnings(log, 5_000);
  private final Backoff listBackoff = new Backoff(200, 10_000);
  private final Map<Long, Backoff> blockBackoffs = new HashMap<>();
  /** Slots with a block, listed by getBlocks, not yet handed on, in slot order; the first {@code concurrency} are fetched. */
  private final ArrayDeque<Long> listed = new ArrayDeque<>();
  private final Set<Long> fetching = new HashSet<>();
  private final Map<Long, SolanaBlock<TransactionOutcome>> fetched = new HashMap<>();
  private final RepeatedFailures forks = new RepeatedFailures(ATTEMPTS);
  private final RepeatedFailures malformedBlocks = new RepeatedFailures(ATTEMPTS);
  private ChainTail tail = new ChainTail(TAIL_BLOCKS);
  /** Moves on at every rewind, so that answers to requests made before it are dropped. */
  private long generation;
  private Vertx vertx;
  private RecordSink sink;
  private SolanaRpc rpc;
  private RpcProgress progress;
  /** Set for a backfill (an {@code endSlot}): how far through its range it is. */
  private BackfillProgress backfill;
  private long nextToList;
  private long head = -1;
  private long position;
  private long lastSlot = -1;
  private String lastBlockhash;
  private boolean listing;
  private boolean stopped;
  private boolean ended;
  private boolean confirmingEnd;
  /**
   * Resumed from a checkpoint: rows of blocks after it may have been written before the process
   * stopped (batches commit out of order), on a branch that may since have died; they are deleted
   * (and read again) before the first block.
   */
  private boolean rowsAfterCheckpointUnknown;
  private long retryTimer = -1;
  private long headTimer = -1;
  /** Why the source does not go on (a fork, a version it may not read); null while it goes on. */
  private String halted;
  /** Why the source halted and asks again now and then: said until a block past {@link #stuckAt} is read. */
  private String stuck;
  private long stuckAt;
  private String lastFailure;
  private long lastAnswerNanos = System.nanoTime();

  RpcSource(RpcSettings settings, MeterRegistry registry, Function<Object, TransactionOutcome> parse) {
    this.settings = settings;
    this.registry = registry;
    this.parse = parse;
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
    rpc = new SolanaRpc(vertx, settings, registry);
    progress = new RpcProgress(registry, settings.sourceId());
    position = resumeAfter.position();
    return firstSlot(resumeAfter)
        .map(first -> {
          nextToList = first;
          if (settings.endSlot() != null) {
            backfill = new BackfillProgress(registry, settings.sourceId(),
                settings.startSlot() == null ? first : settings.startSlot(), settings.endSlot(), first);
          }
          log.info("Reading blocks from slot {} of {} ({} commitment{})", first, settings.shownUrl(),
              settings.commitment(), settings.endSlot() == null ? "" : ", up to slot " + settings.endSlot());
          list();
          // the lag in slots must grow while reading stalls: the head is asked for whatever the listing does
          headTimer = vertx.setPeriodic(HEAD_REFRESH_MS, id -> headSlot().otherwiseEmpty());
          return (Void) null;
        })
        .recover(e -> {
          progress.close();
          return rpc.close().transform(ignored -> Future.failedFuture(e));
        });
  }

  /** After the stored block when there is one; else {@code startSlot}; else the head now. */
  private Future<Long> firstSlot(SourceCheckpoint resumeAfter) {
    if (resumeAfter.cursor() != null) {
      tail = ChainTail.fromCursor(resumeAfter.cursor(), position, TAIL_BLOCKS);
      lastSlot = tail.last().slot();
      lastBlockhash = tail.last().blockhash();
      rowsAfterCheckpointUnknown = true;
      return Future.succeededFuture(lastSlot + 1);
    }
    if (settings.startSlot() != null) {
      return Future.succeededFuture(settings.startSlot());
    }
    return headSlot().recover(e -> Future.failedFuture("cannot ask " + settings.shownUrl() + " for its head: "
        + e.getMessage()));
  }

  private Future<Long> headSlot() {
    return rpc.call("getSlot", new JsonArray().add(commitment())).map(result -> {
      if (!(result instanceof Number slot) || slot.longValue() < 0) {
        throw RpcFailure.of("wrong-shape", "getSlot answered " + result + ", not a slot");
      }
      head = slot.longValue();
      progress.head(head);
      return head;
    });
  }

  private JsonObject commitment() {
    return new JsonObject().put("commitment", settings.commitment());
  }

  /** Keeps enough slots listed ahead of the fetches: asks for the head, then which slots up to it have blocks. */
  private void list() {
    if (listing || stopped || ended || listed.size() >= 4L * settings.concurrency()) {
      return;
    }
    if (settings.endSlot() != null && nextToList > settings.endSlot()) {
      endIfDone();
      return;
    }
    listing = true;
    long listedIn = generation;
    Future<Long> knownHead = head >= nextToList ? Future.succeededFuture(head) : headSlot();
    knownHead.compose(h -> h < nextToList ? Future.succeededFuture(false) : listUpTo(h, listedIn))
        .onComplete(ar -> {
          // a listing from before a rewind: the rewind has started listing again from where it left off
          if (listedIn == generation) {
            listed(ar);
          }
        });
  }

  private Future<Boolean> listUpTo(long headSlot, long listedIn) {
    long from = nextToList;
    long to = Math.min(headSlot, from + LIST_WINDOW - 1);
    if (settings.endSlot() != null) {
      to = Math.min(to, settings.endSlot());
    }
    long until = to;
    return rpc.call("getBlocks", new JsonArray().add(from).add(until).add(commitment())).map(result -> {
      if (!(result instanceof JsonArray slots)) {
        throw RpcFailure.of("wrong-shape", "getBlocks answered " + result + ", not a list of slots");
      }
      if (listedIn != generation) {
        return true;
      }
      long previous = from - 1;
      for (Object value : slots) {
        if (!(value instanceof Number number) || number.longValue() <= previous || number.longValue() > until) {
          throw RpcFailure.of("wrong-shape", "getBlocks(" + from + ", " + until + ") listed " + value
              + ", not an increasing slot in the range");
        }
        previous = number.longValue();
        listed.addLast(previous);
      }
      progress.skippedSlots(until - from + 1 - slots.size());
      nextToList = until + 1;
      return true;
    });
  }

  private void listed(AsyncResult<Boolean> ar) {
    listing = false;
    if (stopped) {
      return;
    }
    if (ar.failed()) {
      failed(ar.cause());
      long delay = delay(ar.cause(), listBackoff);
      warnings.warn("Listing blocks from slot " + nextToList + " failed (" + ar.cause().getMessage()
          + "); trying again in " + delay + " ms");
      vertx.setTimer(delay, id -> list());
    } else if (!ar.result()) {
      // at the head: the chain makes a block every ~400 ms
      vertx.setTimer(settings.pollIntervalMs(), id -> list());
    } else {
      answered();
      listBackoff.reset();
      fetch();
      list();
    }
  }

  /** Fetches the first {@code concurrency} listed slots not yet fetched or being fetched. */
  private void fetch() {
    Iterator<Long> slots = listed.iterator();
    for (int i = 0; i < settings.concurrency() && slots.hasNext() && halted == null; i++) {
      long slot = slots.next();
      if (!fetching.contains(slot) && !fetched.containsKey(slot)) {
        getBlock(slot);
      }
    }
  }

  private void getBlock(long slot) {
    fetching.add(slot);
    long fetchedIn = generation;
    JsonObject config = commitment().put("encoding", "json").put("transactionDetails", "full").put("rewards", false)
        .put("maxSupportedTransactionVersion", settings.maxSupportedTransactionVersion());
    rpc.post("getBlock", new JsonArray().add(slot).add(config))
        .compose(body -> decode(body, slot))
        .onComplete(ar -> {
          if (stopped || fetchedIn != generation) {
            return;
          }
          fetching.remove(slot);
          if (ar.succeeded()) {
            answered();
            blockBackoffs.remove(slot);
            fetched.put(slot, ar.result());
            deliver();
          } else {
            blockFailed(slot, ar.cause());
          }
        });
  }

  /**
   * A real block is 7–12 MB of JSON and ~500 transactions to parse: both on a worker thread, blocks
   * in parallel (unordered: {@link #deliver} puts them back in slot order), not on the event loop,
   * which keeps only what is cheap and must be in order (counters, triggers, the hand-off).
   */
  private Future<SolanaBlock<TransactionOutcome>> decode(Buffer body, long slot) {
    return vertx.<SolanaBlock<TransactionOutcome>>executeBlocking(() -> BlockReader.read(body.getBytes(), slot)
            .map(parse), false)
        .recover(e -> Future.failedFuture(e instanceof JsonRpcError error ? rpc.rpcError("getBlock", error.code(),
            error.getMessage()) : e instanceof InvalidTransactionException invalid
            ? RpcFailure.of("malformed", "getBlock(" + slot + ") answered no usable block: " + invalid.getMessage())
            : e));
  }

  private void blockFailed(long slot, Throwable cause) {
    RpcFailure failure = cause instanceof RpcFailure f ? f : RpcFailure.of("malformed", String.valueOf(cause));
    failed(failure);
    if (failure.hasCode(RpcFailure.UNSUPPORTED_TRANSACTION_VERSION)) {
      halt("slot " + slot + " holds a transaction version this source does not ask for: raise "
          + "processor.source.maxSupportedTransactionVersion (now " + settings.maxSupportedTransactionVersion() + ")");
      return;
    }
    if (failure.hasCode(RpcFailure.SLOT_SKIPPED) || failure.hasCode(RpcFailure.LONG_TERM_STORAGE_SLOT_SKIPPED)) {
      confirmSkipped(slot);
      return;
    }
    if (failure.reason.equals("malformed") && malformedBlocks.failedAt(slot)) {
      haltAndRetry(slot, "getBlock(" + slot + ") answered " + ATTEMPTS + " times in a row with a block that cannot "
          + "be read: " + failure.getMessage(), this::fetch);
      return;
    }
    // -32004 (not available yet), rate limits, 5xx, timeouts, cut or malformed bodies: the same slot again
    long delay = delay(failure, blockBackoffs.computeIfAbsent(slot, s -> new Backoff(100, 10_000)));
    warnings.warn("getBlock(" + slot + ") failed (" + failure.getMessage() + "); trying again in " + delay + " ms");
    vertx.setTimer(delay, id -> fetch());
  }

  /** getBlock says the slot has no block: only getBlocks decides that; listed again means try again. */
  private void confirmSkipped(long slot) {
    long askedIn = generation;
    rpc.call("getBlocks", new JsonArray().add(slot).add(slot).add(commitment())).onComplete(ar -> {
      if (stopped || askedIn != generation) {
        return;
      }
      if (ar.succeeded() && ar.result() instanceof JsonArray slots && slots.isEmpty()) {
        log.info("Slot {} was listed by getBlocks but is skipped: no block to read", slot);
        listed.remove(slot);
        progress.skippedSlots(1);
        deliver();
      } else {
        vertx.setTimer(delay(ar.failed() ? ar.cause() : null,
            blockBackoffs.computeIfAbsent(slot, s -> new Backoff(100, 10_000))), id -> fetch());
      }
    });
  }

  private void answered() {
    lastAnswerNanos = System.nanoTime();
    lastFailure = null;
  }

  private void failed(Throwable cause) {
    lastFailure = cause.getMessage();
  }

  private static long delay(Throwable cause, Backoff backoff) {
    long next = backoff.next();
    return cause instanceof RpcFailure failure && failure.retryAfterMs >= 0 ? failure.retryAfterMs : next;
  }

  /** Hands on the fetched blocks at the front, in slot order, while not paused. */
  private void deliver() {
    if (rowsAfterCheckpointUnknown && head >= 0) {
      deleteRowsAfterCheckpoint();
    }
    while (!paused() && !stopped && halted == null && !listed.isEmpty() && fetched.containsKey(listed.peekFirst())) {
      SolanaBlock<TransactionOutcome> block = fetched.get(listed.peekFirst());
      if (lastBlockhash != null && (block.parentSlot() != lastSlot || !block.previousBlockhash().equals(lastBlockhash))) {
        forked(block);
        return;
      }
      listed.pollFirst();
      fetched.remove(block.slot());
      position++;
      lastSlot = block.slot();
      lastBlockhash = block.blockhash();
      tail.add(new ChainTail.Block(position, lastSlot, lastBlockhash, block.blockTime()));
      sink.deliver(new SourceRecord.Block(settings.sourceId(), position, tail.cursor(), block.transactions()));
      forks.passed(lastSlot);
      malformedBlocks.passed(lastSlot);
      if (lastSlot >= stuckAt) {
        stuck = null;
      }
      progress.handedOn(block.skipped());
    }
    fetch();
    list();
    endIfDone();
  }

  /**
   * A rewind to the checkpoint itself, through the head, or a backfill's end (past which nothing can
   * have been read):
   * whatever the last run wrote after the checkpoint goes, and what is still on the chain is read again.
   */
  private void deleteRowsAfterCheckpoint() {
    rowsAfterCheckpointUnknown = false;
    long through = Math.max(lastSlot, settings.endSlot() == null ? head : Math.min(head, settings.endSlot()));
    if (through > lastSlot) {
      log.info("Resuming source {} after slot {}: rows of slots {} to {} written before the checkpoint moved are "
          + "deleted and read again", settings.sourceId(), lastSlot, lastSlot + 1, through);
      sink.deliver(new SourceRecord.Rewind(settings.sourceId(), position, tail.cursor(), lastSlot, through));
    }
  }

  /**
   * The block does not follow the last one handed on: a fork, or blocks the listing missed. Its
   * branch is walked back, parent by parent, to a block the source has read; what was read after
   * that block is abandoned, and blocks on the way that were never listed are read. Walked back at
   * the same slot again and again (a provider that contradicts itself, a fork that cannot be
   * followed), the source halts and walks again only every {@link #HALTED_RETRY_MS}.
   */
  private void forked(SolanaBlock<?> block) {
    progress.fork();
    String seen = "a block at slot " + block.slot() + " (parent " + block.parentSlot() + ") that does not follow the "
        + "last block read (slot " + lastSlot + ")";
    boolean again = forks.failedAt(block.slot());
    halted = seen + ": finding where its branch joins";
    log.warn("Block at slot {} (parent {}, previous blockhash {}) does not follow the last block read (slot {}, "
        + "blockhash {}): following its branch back", block.slot(), block.parentSlot(), block.previousBlockhash(),
        lastSlot, lastBlockhash);
    List<Long> unread = new ArrayList<>();
    joinPoint(block.parentSlot(), block.previousBlockhash(), unread).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.failed()) {
        String why = seen + " and its branch cannot be followed back: " + ar.cause().getMessage();
        if (again) {
          haltAndRetry(block.slot(), why + " (" + ATTEMPTS + " times: the provider is inconsistent, or the fork "
              + "too deep)", this::fetchFrontAgain);
        } else {
          retryLater(why, Math.max(ATTEMPT_RETRY_MS, retryAfter(ar.cause())), this::fetchFrontAgain);
        }
        return;
      }
      Runnable goOn = ar.result() == tail.last() ? () -> readUnlisted(unread) : () -> rewindTo(ar.result());
      if (again) {
        // followed back before, and here again: go on, but not in a hot loop
        haltAndRetry(block.slot(), "the provider served " + seen + " " + ATTEMPTS + " times: it is inconsistent",
            goOn);
      } else {
        goOn.run();
      }
    });
  }

  private static long retryAfter(Throwable cause) {
    return cause instanceof RpcFailure failure ? failure.retryAfterMs : -1;
  }

  /** The block of {@code slot} without its transactions. */
  private Future<Object> header(long slot) {
    JsonObject headerOnly = commitment().put("encoding", "json").put("transactionDetails", "none")
        .put("rewards", false).put("maxSupportedTransactionVersion", settings.maxSupportedTransactionVersion());
    return rpc.call("getBlock", new JsonArray().add(slot).add(headerOnly));
  }

  /**
   * The block read where the branch through {@code slot}/{@code blockhash} joins, asking for block
   * headers only; the slots walked through on the way go to {@code unread}, oldest first.
   */
  private Future<ChainTail.Block> joinPoint(long slot, String blockhash, List<Long> unread) {
    ChainTail.Block read = tail.atSlot(slot);
    if (read != null && read.blockhash().equals(blockhash)) {
      return Future.succeededFuture(read);
    }
    if (tail.before(slot)) {
      return Future.failedFuture("the fork reaches back before the last " + TAIL_BLOCKS + " blocks read");
    }
    return header(slot).compose(result -> {
      if (!(result instanceof JsonObject header) || !(header.getValue("parentSlot") instanceof Number parent)
          || !(header.getValue("previousBlockhash") instanceof String previous)
          || !(header.getValue("blockhash") instanceof String hash)) {
        return Future.failedFuture("getBlock(" + slot + ") answered no block header");
      }
      if (!hash.equals(blockhash)) {
        return Future.failedFuture("the provider contradicts itself: a child of slot " + slot + " names blockhash "
            + blockhash + " as its parent's, getBlock(" + slot + ") answers blockhash " + hash);
      }
      unread.add(0, slot);
      return joinPoint(parent.longValue(), previous, unread);
    });
  }

  /**
   * The branch joins at the last block read: nothing is abandoned, but getBlocks did not list blocks
   * that the chain itself names as parents. Read them.
   */
  private void readUnlisted(List<Long> unread) {
    log.warn("getBlocks did not list slot(s) {}, but the chain names their blocks as parents: reading them", unread);
    for (int i = unread.size() - 1; i >= 0; i--) {
      listed.addFirst(unread.get(i));
    }
    halted = null;
    fetch();
  }

  /** Abandons what was read after {@code joined}: the flusher deletes its rows; reading goes on after it. */
  private void rewindTo(ChainTail.Block joined) {
    long abandonedThrough = lastSlot;
    log.warn("Rewinding source {} to slot {} (position {}): blocks of slots {} to {} are no longer on the chain",
        settings.sourceId(), joined.slot(), joined.position(), joined.slot() + 1, abandonedThrough);
    tail.truncateAfter(joined);
    sink.deliver(new SourceRecord.Rewind(settings.sourceId(), joined.position(), tail.cursor(), joined.slot(),
        abandonedThrough));
    generation++;
    listed.clear();
    fetching.clear();
    fetched.clear();
    listing = false;
    position = joined.position();
    lastSlot = joined.slot();
    lastBlockhash = joined.blockhash();
    nextToList = joined.slot() + 1;
    halted = null;
    list();
  }

  /**
   * Halts for good reason at {@code slot}: said on /health until a block past it is read; after
   * {@link #HALTED_RETRY_MS}, {@code then} tries again.
   */
  private void haltAndRetry(long slot, String why, Runnable then) {
    stuck = why;
    stuckAt = slot;
    retryLater(why, HALTED_RETRY_MS, then);
  }

  /** Stops handing on blocks for {@code delayMs}, saying why, then runs {@code then}; the latest call decides. */
  private void retryLater(String why, long delayMs, Runnable then) {
    halt(why);
    vertx.cancelTimer(retryTimer);
    retryTimer = vertx.setTimer(delayMs, id -> {
      retryTimer = -1;
      halted = null;
      then.run();
    });
  }

  /** The block at the front, which did not follow, is asked for again. */
  private void fetchFrontAgain() {
    if (!listed.isEmpty()) {
      fetched.remove(listed.peekFirst());
    }
    fetch();
  }

  private void halt(String why) {
    if (!why.equals(halted)) {
      log.error("Source {} halted: {}", settings.sourceId(), why);
    }
    halted = why;
  }

  /**
   * A backfill ends once everything listed up to {@code endSlot} is handed on, and the end of the
   * range is confirmed by the chain itself: the block at {@code endSlot} read, or, when the provider
   * says that slot is skipped, the first block after it descending from the last block read.
   */
  private void endIfDone() {
    if (ended || confirmingEnd || halted != null || settings.endSlot() == null || nextToList <= settings.endSlot()
        || !listed.isEmpty()) {
      return;
    }
    long endSlot = settings.endSlot();
    if (lastSlot == endSlot) {
      end();
      return;
    }
    confirmingEnd = true;
    long askedIn = generation;
    header(endSlot).compose(result -> {
          if (result instanceof JsonObject) {
            log.warn("getBlocks did not list slot {}, the end of the backfill, but it has a block: reading it",
                endSlot);
            listed.addLast(endSlot);
            return Future.<Void>succeededFuture();
          }
          return Future.<Void>failedFuture(RpcFailure.of("wrong-shape", "getBlock(" + endSlot + ") answered " + result
              + ", not a block header"));
        })
        .recover(e -> isSkipped(e) ? confirmRangeAfterSkippedEnd(endSlot) : Future.failedFuture(e))
        .onComplete(ar -> {
          confirmingEnd = false;
          if (stopped || askedIn != generation) {
            return;
          }
          if (ar.failed()) {
            failed(ar.cause());
            vertx.setTimer(delay(ar.cause(), listBackoff), id -> endIfDone());
          } else {
            fetch();
            endIfDone();
          }
        });
  }

  private static boolean isSkipped(Throwable cause) {
    return cause instanceof RpcFailure failure && (failure.hasCode(RpcFailure.SLOT_SKIPPED)
        || failure.hasCode(RpcFailure.LONG_TERM_STORAGE_SLOT_SKIPPED));
  }

  /**
   * {@code endSlot} has no block: the first block after it must descend from the last block read;
   * blocks on the way up to {@code endSlot} that were never listed are listed now (a fork inside the
   * range rewinds, as anywhere). Ends when nothing is missing.
   */
  private Future<Void> confirmRangeAfterSkippedEnd(long endSlot) {
    return rpc.call("getBlocks", new JsonArray().add(endSlot + 1).add(endSlot + LIST_WINDOW).add(commitment()))
        .compose(result -> {
          if (!(result instanceof JsonArray after) || after.isEmpty() || !(after.getValue(0) instanceof Number first)) {
            return Future.failedFuture(RpcFailure.of("no-block-yet", "no block after slot " + endSlot
                + " yet to confirm the end of the backfill by"));
          }
          return header(first.longValue());
        })
        .compose(result -> {
          if (!(result instanceof JsonObject child) || !(child.getValue("parentSlot") instanceof Number parent)
              || !(child.getValue("previousBlockhash") instanceof String previous)) {
            return Future.failedFuture(RpcFailure.of("wrong-shape", "no block header after slot " + endSlot));
          }
          List<Long> unread = new ArrayList<>();
          return joinPoint(parent.longValue(), previous, unread).map(joined -> {
            unread.removeIf(slot -> slot > endSlot);
            if (joined != tail.last()) {
              rewindTo(joined);
            } else if (unread.isEmpty()) {
              end();
            } else {
              readUnlisted(unread);
            }
            return (Void) null;
          });
        });
  }

  private void end() {
    ended = true;
    log.info("Backfill read through slot {} ({} blocks in all)", settings.endSlot(), position);
  }

  @Override
  public SourceState state() {
    // a backfill is behind by design, so it does not say how far
    double lag = progress == null || settings.endSlot() != null ? -1 : progress.lagSeconds();
    return new SourceState(problem(), ended ? position : -1, lag);
  }

  private String problem() {
    if (stuck != null) {
      return stuck;
    }
    if (halted != null) {
      return halted;
    }
    long silentNanos = System.nanoTime() - lastAnswerNanos;
    if (lastFailure != null && silentNanos > UNREACHABLE_NANOS) {
      return "no usable answer from " + settings.shownUrl() + " for " + silentNanos / 1_000_000_000 + " s: "
          + lastFailure;
    }
    return null;
  }

  @Override
  public void durable(long durablePosition) {
    ChainTail.Block block = tail.at(durablePosition);
    if (block != null) {
      progress.durable(block.slot(), block.blockTime());
      if (backfill != null) {
        backfill.durable(block.slot());
      }
    }
  }

  @Override
  public Future<Boolean> hasUnreadInput() {
    return Future.succeededFuture(!stopped && !ended && (!listed.isEmpty() || head > lastSlot));
  }

  @Override
  protected void resumed() {
    if (rpc != null) {
      deliver();
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (vertx != null) {
      vertx.cancelTimer(retryTimer);
      vertx.cancelTimer(headTimer);
    }
    if (rpc == null) {
      return Future.succeededFuture();
    }
    progress.close();
    if (backfill != null) {
      backfill.close();
    }
    return rpc.close().otherwiseEmpty();
  }
}
