package io.swapflush.processor.source;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Replays a file of one document per line, once; a document's position is its line number. */
final class JsonlSource implements TransactionSource {

  private static final Logger log = LoggerFactory.getLogger(JsonlSource.class);

  private final String path;
  private final int maxLineBytes;
  private AsyncFile file;
  private boolean stopped;

  JsonlSource(String path, int maxLineBytes) {
    this.path = path;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public Future<Void> start(Vertx vertx, TransactionSink sink) {
    LineSplitter splitter = new LineSplitter(maxLineBytes, new LineSplitter.Lines() {
      @Override
      public void line(String text, long number) {
        if (!stopped) {
          sink.accept(text, number);
        }
      }

      @Override
      public void tooLong(long number, long length) {
        sink.reject("too-large", path + " line " + number + " has " + length + " bytes, more than the limit of "
            + maxLineBytes);
      }
    });
    return vertx.fileSystem().open(path, new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .onSuccess(opened -> {
          file = opened;
          file.handler(splitter::feed)
              .endHandler(v -> {
                splitter.finish();
                log.info("Replayed {} to its end", path);
              })
              .exceptionHandler(e -> log.error("Reading {} failed", path, e));
        })
        .recover(e -> Future.failedFuture("cannot read processor.source.path " + path + ": " + e.getMessage()))
        .mapEmpty();
  }

  @Override
  public void pause() {
    file.pause();
  }

  @Override
  public void resume() {
    file.resume();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    return file.close().otherwiseEmpty();
  }
}
