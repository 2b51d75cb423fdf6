package io.swapflush.processor.source;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a file of one document per line; a document's position is its line number. Reads chunk by
 * chunk at an explicit offset, one chunk ahead of the lines being processed so the event loop does
 * not wait for the disk; pauses between two lines, skips what an earlier run committed, and in
 * follow mode waits at the end of the file for more (starting over when the file shrinks, as it
 * does when truncated or rotated).
 */
final class JsonlSource extends PausableSource {

  private static final Logger log = LoggerFactory.getLogger(JsonlSource.class);
  private static final int CHUNK = 256 * 1024;
  private static final long FOLLOW_POLL_MS = 200;

  private final SourceSettings.Jsonl settings;
  private final int maxLineBytes;
  private Vertx vertx;
  private TransactionSink sink;
  private AsyncFile file;
  private LineSplitter splitter;
  private long offset;
  /** Line numbers keep counting across a rotation, so positions only grow. */
  private long linesBefore;
  /** A chunk read while the splitter still works on the previous one. */
  private Buffer ahead;
  private boolean reading;
  private boolean atEnd;
  private boolean replayed;
  private boolean stopped;

  JsonlSource(SourceSettings.Jsonl settings, int maxLineBytes) {
    this.settings = settings;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public String id() {
    return settings.sourceId();
  }

  @Override
  public boolean resumes() {
    return !settings.fromStart();
  }

  @Override
  public Future<Void> start(Vertx vertx, TransactionSink sink, long resumeAfter) {
    this.vertx = vertx;
    this.sink = sink;
    if (resumeAfter > 0) {
      log.info("Resuming {} after line {}", settings.path(), resumeAfter);
    }
    return open(resumeAfter).onSuccess(v -> pump());
  }

  private Future<Void> open(long skipThrough) {
    offset = 0;
    splitter = new LineSplitter(maxLineBytes, skipThrough, new LineSplitter.Lines() {
      @Override
      public void line(byte[] text, long number) {
        if (!stopped) {
          sink.accept(text, linesBefore + number);
        }
      }

      @Override
      public void tooLong(long number, long length) {
        sink.reject("too-large", settings.path() + " line " + number + " has " + length
            + " bytes, more than the limit of " + maxLineBytes, linesBefore + number);
      }
    });
    return vertx.fileSystem().open(settings.path(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .onSuccess(opened -> file = opened)
        .recover(e -> Future.failedFuture("cannot read processor.source.path " + settings.path() + ": "
            + e.getMessage()))
        .mapEmpty();
  }

  /** Hands lines to the sink until paused or out of data, keeping one read in flight meanwhile. */
  private void pump() {
    while (!paused() && !stopped) {
      if (!splitter.hasPending() && ahead != null) {
        splitter.feed(ahead);
        ahead = null;
        readAhead();
      }
      if (!splitter.hasPending()) {
        break;
      }
      splitter.emit(this::paused);
    }
    readAhead();
    if (atEnd && !replayed && ahead == null && !splitter.hasPending()) {
      replayed = true;
      splitter.finish();
      log.info("Replayed {} to its end", settings.path());
    }
  }

  private void readAhead() {
    if (reading || ahead != null || atEnd || stopped) {
      return;
    }
    reading = true;
    file.read(Buffer.buffer(CHUNK), 0, offset, CHUNK).onComplete(ar -> {
      reading = false;
      if (ar.failed()) {
        log.error("Reading {} failed, retrying", settings.path(), ar.cause());
        vertx.setTimer(1000, id -> pump());
      } else if (ar.result().length() > 0) {
        offset += ar.result().length();
        ahead = ar.result();
        pump();
      } else if (settings.follow()) {
        vertx.setTimer(FOLLOW_POLL_MS, id -> checkForMore());
      } else {
        atEnd = true;
        pump();
      }
    });
  }

  /** Follow mode at the end of the file: read on, or start over if the file became shorter. */
  private void checkForMore() {
    if (stopped) {
      return;
    }
    vertx.fileSystem().props(settings.path()).onComplete(ar -> {
      // lines still held (paused) belong to the old file: rotate only once they are out
      if (ar.succeeded() && ar.result().size() < offset && !splitter.hasPending()) {
        log.info("{} was truncated or rotated; reading the new file from its start", settings.path());
        linesBefore = splitter.linesSeen() + linesBefore;
        file.close();
        reopen();
      } else {
        pump();
      }
    });
  }

  private void reopen() {
    if (stopped) {
      return;
    }
    open(0).onComplete(opened -> {
      if (opened.succeeded()) {
        pump();
      } else {
        vertx.setTimer(FOLLOW_POLL_MS, id -> reopen());
      }
    });
  }

  @Override
  protected void resumed() {
    pump();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    return file == null ? Future.succeededFuture() : file.close().otherwiseEmpty();
  }
}
