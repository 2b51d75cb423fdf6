package io.swapflush.processor.source;

import io.swapflush.event.Addresses;
import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import io.swapflush.source.IngestResult;
import io.swapflush.source.PausableSource;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Documents posted over HTTP arrive on {@link Addresses#TRANSACTIONS} as bytes. The reply is the
 * ingest result as JSON; while paused, requests are refused with {@link #BUSY} so the HTTP side can
 * answer 503 with Retry-After.
 */
final class HttpSource extends PausableSource {

  /** Failure code of a request refused because the pipeline is full. */
  public static final int BUSY = 503;

  private MessageConsumer<byte[]> consumer;

  @Override
  public Future<Void> start(Vertx vertx, RecordSink sink, SourceCheckpoint resumeAfter) {
    consumer = vertx.eventBus().consumer(Addresses.TRANSACTIONS, message -> handle(message, sink));
    return consumer.completion();
  }

  private void handle(Message<byte[]> message, RecordSink sink) {
    if (paused()) {
      message.fail(BUSY, "pipeline full, retry later");
      return;
    }
    IngestResult result = sink.deliver(new SourceRecord.Document(null, TransactionEvents.NO_POSITION, null,
        message.body()));
    message.reply(new JsonObject().put("accepted", result.accepted())
        .put("rejected", new JsonArray(result.rejections())));
  }

  @Override
  public Future<Void> stop() {
    return consumer.unregister();
  }
}
