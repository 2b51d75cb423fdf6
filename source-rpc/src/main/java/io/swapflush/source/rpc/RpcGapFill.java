package io.swapflush.source.rpc;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.parse.TransactionParser;
import io.swapflush.source.IngestResult;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The blocks a stream can no longer replay, read over JSON-RPC from the same provider by the rpc
 * source's own reader, as a backfill that continues another source's sequence: it starts after that
 * source's checkpoint (its cursor holds the same recent chain, so a fork at the seam is followed
 * back), ends at a slot given or at the head, and hands on the checkpoint it reached. Its meters
 * stay private: the source it fills in for reports under the same names.
 */
public final class RpcGapFill {

  private static final long END_CHECK_MS = 100;

  private final Vertx vertx;
  private final RpcSource reader;
  private final Promise<SourceCheckpoint> done = Promise.promise();
  private SourceCheckpoint reached;
  private long endTimer = -1;

  private RpcGapFill(Vertx vertx, RpcSource reader, SourceCheckpoint from) {
    this.vertx = vertx;
    this.reader = reader;
    this.reached = from;
  }

  /**
   * Reads the blocks after {@code from} ({@code startSlot} on when it has no cursor) through
   * {@code throughSlot} or the head at {@code provider}'s commitment, whichever is lower (null: the
   * head), into {@code sink}. The returned fill's {@link #done} completes with the checkpoint of the
   * last record handed on once the range is read. Fails when the head is not past where it would start.
   */
  public static Future<RpcGapFill> start(Vertx vertx, RpcSettings provider, SourceCheckpoint from, Long startSlot,
      Long throughSlot, int maxDocumentBytes, RecordSink sink) {
    long after = from.cursor() != null ? new JsonObject(from.cursor()).getLong("slot")
        : startSlot == null ? -1 : startSlot - 1;
    return head(vertx, provider).compose(head -> {
      long end = throughSlot == null ? head : Math.min(throughSlot, head);
      if (end <= after) {
        return Future.failedFuture("the head of " + provider.shownUrl() + " (slot " + head + ") is not past slot "
            + after + " yet");
      }
      RpcSettings range = new RpcSettings(provider.url(), provider.sourceId(), provider.commitment(), startSlot,
          end, provider.concurrency(), provider.maxRequestsPerSecond(), provider.headers(),
          provider.maxSupportedTransactionVersion(), provider.requestTimeoutMs(), provider.pollIntervalMs(),
          provider.maxBlockBytes());
      RpcGapFill fill = new RpcGapFill(vertx,
          new RpcSource(range, new SimpleMeterRegistry(), new TransactionParser(maxDocumentBytes)::outcome), from);
      return fill.reader.start(vertx, record -> fill.handOn(record, sink), from).map(started -> {
        fill.endTimer = vertx.setPeriodic(END_CHECK_MS, id -> fill.endIfRead());
        return fill;
      });
    });
  }

  private static Future<Long> head(Vertx vertx, RpcSettings provider) {
    SolanaRpc rpc = new SolanaRpc(vertx, provider, new SimpleMeterRegistry());
    return rpc.call("getSlot", new JsonArray().add(new JsonObject().put("commitment", provider.commitment())))
        .<Long>map(result -> {
          if (!(result instanceof Number slot) || slot.longValue() < 0) {
            throw RpcFailure.of("wrong-shape", "getSlot answered " + result + ", not a slot");
          }
          return slot.longValue();
        })
        .eventually(rpc::close);
  }

  private IngestResult handOn(SourceRecord record, RecordSink sink) {
    reached = new SourceCheckpoint(record.position(), record.cursor());
    return sink.deliver(record);
  }

  private void endIfRead() {
    long end = reader.state().endPosition();
    if (end >= 0 && end == reached.position()) {
      vertx.cancelTimer(endTimer);
      reader.stop().onComplete(stopped -> done.tryComplete(reached));
    }
  }

  /** The checkpoint of the last record handed on, once the whole range is read. */
  public Future<SourceCheckpoint> done() {
    return done.future();
  }

  /** Why the fill does not go on, if anything stops it (said on the filled source's /health). */
  public String problem() {
    return reader.state().problem();
  }

  public void pause() {
    reader.pause();
  }

  public void resume() {
    reader.resume();
  }

  /** Stops reading; {@link #done} fails unless it completed. */
  public Future<Void> stop() {
    vertx.cancelTimer(endTimer);
    return reader.stop().onComplete(stopped -> done.tryFail("the gap fill was stopped"));
  }
}
