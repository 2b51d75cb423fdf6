package io.swapflush.processor.source;

import io.swapflush.event.SourceCheckpoint;
import io.swapflush.source.PausableSource;
import io.swapflush.source.RecordSink;
import io.swapflush.source.SourceRecord;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a file of one document per line; a document's position is its line number, counted on
 * across rotations, and its cursor says at which position the current file began, so a restart
 * finds its line in the right file. Reads chunk by chunk at an explicit offset, one chunk ahead of
 * the lines being processed so the event loop does not wait for the disk; pauses between two lines,
 * skips what an earlier run committed, and in follow mode waits at the end of the file for more
 * (starting over when the file shrinks, as it does when truncated or rotated). A file with fewer
 * lines than the checkpoint says were read from it is a new file, read from its start.
 */
final class JsonlSource extends PausableSource {

  private static final Logger log = LoggerFactory.getLogger(JsonlSource.class);
  private static final int CHUNK = 256 * 1024;
  private static final long FOLLOW_POLL_MS = 200;

  private final JsonlSettings settings;
  private final int maxLineBytes;
  private Vertx vertx;
  private RecordSink sink;
  private AsyncFile file;
  private LineSplitter splitter;
  private long offset;
  /** Lines of earlier files (rotations): positions go on counting from there. */
  private long linesBefore;
  /** The cursor of every line of the current file: where it began. */
  private String cursor;
  /** Lines of the current file that an earlier run has committed. */
  private long skipThrough;
  /** A chunk read while the splitter still works on the previous one. */
  private Buffer ahead;
  private boolean reading;
  /** At the end of the file in follow mode, waiting to look again: one wait at a time. */
  private boolean polling;
  private boolean atEnd;
  private boolean replayed;
  private boolean stopped;

  JsonlSource(JsonlSettings settings, int maxLineBytes) {
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
  public Future<Void> start(Vertx vertx, RecordSink sink, SourceCheckpoint resumeAfter) {
    this.vertx = vertx;
    this.sink = sink;
    long fileStart = fileStart(resumeAfter);
    if (resumeAfter.position() > 0) {
      log.info("Resuming {} after line {} ({} of this file)", settings.path(), resumeAfter.position(),
          resumeAfter.position() - fileStart);
    }
    return open(fileStart, resumeAfter.position() - fileStart).map(v -> {
      pump();
      return null;
    });
  }

  private static long fileStart(SourceCheckpoint checkpoint) {
    if (checkpoint.cursor() == null) {
      return 0;
    }
    return new JsonObject(checkpoint.cursor()).getLong("fileStart", 0L);
  }

  private Future<Void> open(long fileStart, long skip) {
    linesBefore = fileStart;
    cursor = new JsonObject().put("fileStart", fileStart).encode();
    skipThrough = skip;
    offset = 0;
    ahead = null;
    atEnd = false;
    replayed = false;
    splitter = new LineSplitter(maxLineBytes, skip, new LineSplitter.Lines() {
      @Override
      public void line(byte[] text, long number) {
        if (!stopped) {
          sink.deliver(new SourceRecord.Document(settings.sourceId(), linesBefore + number, cursor, text));
        }
      }

      @Override
      public void tooLong(long number, long length) {
        sink.deliver(new SourceRecord.Rejected(settings.sourceId(), linesBefore + number, cursor, "too-large",
            settings.path() + " line " + number + " has " + length + " bytes, more than the limit of " + maxLineBytes));
      }
    });
    return vertx.fileSystem().open(settings.path(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .recover(e -> Future.failedFuture("cannot read processor.source.path " + settings.path() + ": "
            + e.getMessage()))
        .map(opened -> {
          file = opened;
          return null;
        });
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
      splitter.finish();
      if (!replacedWhileStopped()) {
        replayed = true;
        log.info("Replayed {} to its end", settings.path());
      }
    }
  }

  private void readAhead() {
    if (reading || polling || ahead != null || atEnd || stopped) {
      return;
    }
    reading = true;
    // a read that completes at once would call back inside pump(), before the chunk in hand is
    // emitted: its result is always taken on a later turn of the event loop
    file.read(Buffer.buffer(CHUNK), 0, offset, CHUNK).onComplete(ar -> vertx.runOnContext(v -> readDone(ar)));
  }

  private void readDone(AsyncResult<Buffer> ar) {
    reading = false;
    if (stopped) {
      return;
    }
    if (ar.failed()) {
      log.error("Reading {} failed, retrying", settings.path(), ar.cause());
      vertx.setTimer(1000, id -> pump());
    } else if (ar.result().length() > 0) {
      offset += ar.result().length();
      ahead = ar.result();
      pump();
    } else if (settings.follow()) {
      if (!replacedWhileStopped()) {
        polling = true;
        vertx.setTimer(FOLLOW_POLL_MS, id -> checkForMore());
      }
    } else {
      atEnd = true;
      pump();
    }
  }

  /**
   * At the end of the file with fewer lines than the checkpoint says an earlier run read from it:
   * not the file that run read, so its lines come after the checkpoint. Starts it over; true then.
   */
  private boolean replacedWhileStopped() {
    if (splitter.linesSeen() >= skipThrough) {
      return false;
    }
    long checkpoint = linesBefore + skipThrough;
    log.warn("{} has {} lines, fewer than the {} that the checkpoint says were read from it: it was replaced; "
        + "reading it from its start as lines after {}", settings.path(), splitter.linesSeen(), skipThrough, checkpoint);
    restart(checkpoint);
    return true;
  }

  /** Follow mode at the end of the file: read on, or start over if the file became shorter. */
  private void checkForMore() {
    if (stopped) {
      return;
    }
    vertx.fileSystem().props(settings.path()).onComplete(ar -> {
      polling = false;
      // lines still held (paused) belong to the old file: rotate only once they are out
      if (ar.succeeded() && ar.result().size() < offset && !splitter.hasPending()) {
        log.info("{} was truncated or rotated; reading the new file from its start", settings.path());
        restart(linesBefore + splitter.linesSeen());
      } else {
        pump();
      }
    });
  }

  /** Reads the file at the path anew from its start, its first line being position {@code after + 1}. */
  private void restart(long after) {
    if (stopped) {
      return;
    }
    file.close();
    open(after, 0).onComplete(opened -> {
      if (opened.succeeded()) {
        pump();
      } else {
        vertx.setTimer(FOLLOW_POLL_MS, id -> restart(after));
      }
    });
  }

  /** Whether bytes of the file wait to be turned into lines: held by the splitter, read ahead, or not read. */
  @Override
  public Future<Boolean> hasUnreadInput() {
    if (file == null || stopped || replayed) {
      return Future.succeededFuture(false);
    }
    if (splitter.hasPending() || ahead != null) {
      return Future.succeededFuture(true);
    }
    return vertx.fileSystem().props(settings.path()).map(props -> props.size() != offset).otherwise(false);
  }

  @Override
  protected void resumed() {
    // resumed before its start (a source that replaced one) is only unpaused: start reads
    if (splitter != null) {
      pump();
    }
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    return file == null ? Future.succeededFuture() : file.close().otherwiseEmpty();
  }
}
