package io.swapflush.flusher;

import io.swapflush.event.SwapEvent;
import io.swapflush.event.TransactionEvents;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Local files for what the database could not take: events left when the final drain timed out
 * ({@code spill-*.jsonl}, loaded again at the next start and deleted once committed), and bad
 * rows that not even the dead-letter table accepted ({@code rejected-*.jsonl}, kept for an
 * operator). A file is written under a temporary name, fsynced, then renamed, so a crash never
 * leaves a partial file to be loaded; one damaged since is set aside ({@code spill-*.jsonl.corrupt}).
 */
final class SpillDirectory {

  private static final String SPILL_PREFIX = "spill-";
  private static final String REJECTED_PREFIX = "rejected-";
  private static final String SUFFIX = ".jsonl";
  private static final String CORRUPT_SUFFIX = ".corrupt";
  private static final String SPILL_FILES = "spill-.*\\.jsonl";
  private static final String SET_ASIDE_FILES = SPILL_FILES + "\\.corrupt";

  private final FileSystem fs;
  private final String dir;

  SpillDirectory(Vertx vertx, String dir) {
    this.fs = vertx.fileSystem();
    this.dir = dir;
  }

  /**
   * What a previous run spilled, in order, with the files to delete once it is all committed, and
   * the files that could not be read, none of whose events are loaded.
   */
  record Spilled(List<TransactionEvents> transactions, List<String> files, List<Unreadable> unreadable) {
    int events() {
      return transactions.stream().mapToInt(TransactionEvents::size).sum();
    }
  }

  /** A spill file that could not be read; {@code setAsideError} is null once it is renamed {@code *.corrupt}. */
  record Unreadable(String file, String reason, String setAsideError) {
  }

  Future<String> spill(List<TransactionEvents> transactions) {
    Buffer content = Buffer.buffer();
    transactions.forEach(tx -> content.appendString(SwapEventJson.toJson(tx).encode()).appendString("\n"));
    return write(SPILL_PREFIX, content);
  }

  Future<String> keepRejected(SwapEvent event, String reason) {
    JsonObject line = new JsonObject().put("event", SwapEventJson.toJson(event)).put("reason", reason);
    return write(REJECTED_PREFIX, Buffer.buffer(line.encode()).appendString("\n"));
  }

  /**
   * Loads every spill file but those that cannot be read whole: each of those is renamed
   * {@code <name>.corrupt} (kept for an operator, not loaded again) so that one bad file neither
   * stops the start nor holds back the others.
   */
  Future<Spilled> load() {
    return list(SPILL_FILES).compose(files -> {
      List<TransactionEvents> transactions = new ArrayList<>();
      List<String> loaded = new ArrayList<>();
      List<Unreadable> unreadable = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (String file : files) {
        chain = chain.compose(v -> fs.readFile(file).map(SpillDirectory::parse).compose(
            read -> {
              transactions.addAll(read);
              loaded.add(file);
              return Future.succeededFuture();
            },
            e -> fs.move(file, file + CORRUPT_SUFFIX).transform(moved -> {
              unreadable.add(new Unreadable(file, message(e), moved.failed() ? message(moved.cause()) : null));
              return Future.succeededFuture();
            })));
      }
      return chain.map(v -> new Spilled(transactions, loaded, unreadable));
    });
  }

  /** The spill files set aside as unreadable, by this run or an earlier one, that are still here. */
  Future<List<String>> setAside() {
    return list(SET_ASIDE_FILES);
  }

  /** The files whose names match, sorted (spills in the order they were written); none when there is no directory. */
  private Future<List<String>> list(String regex) {
    return fs.exists(dir)
        .compose(exists -> exists ? fs.props(dir).map(props -> props.isDirectory()) : Future.succeededFuture(false))
        .compose(isDirectory -> isDirectory ? fs.readDir(dir, regex) : Future.succeededFuture(List.<String>of()))
        .map(files -> files.stream().sorted().toList());
  }

  /** On one line: a parser's message names the line and column on a second one. */
  private static String message(Throwable e) {
    return Objects.toString(e.getMessage(), e.getClass().getSimpleName()).replaceAll("\\s*\\R\\s*", " ");
  }

  /** A file's transactions, or a failure naming the first line that is not one. */
  private static List<TransactionEvents> parse(Buffer content) {
    List<TransactionEvents> transactions = new ArrayList<>();
    List<String> lines = content.toString().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        transactions.add(SwapEventJson.transactionFromJson(new JsonObject(lines.get(i))));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return transactions;
  }

  /**
   * Makes sure files can be written here (creating the directory if need be) and removes temporary
   * files that a crash or a failed write left behind: they were never renamed, so never complete.
   */
  Future<Void> check() {
    String probe = Path.of(dir, ".write-check-" + UUID.randomUUID()).toString();
    return fs.mkdirs(dir)
        .compose(v -> fs.writeFile(probe, Buffer.buffer()))
        .compose(v -> fs.delete(probe))
        .compose(v -> fs.readDir(dir, ".*\\.jsonl\\.tmp"))
        .compose(leftovers -> delete(leftovers));
  }

  Future<Void> delete(List<String> files) {
    return Future.all(files.stream().map(fs::delete).toList()).mapEmpty();
  }

  private Future<String> write(String prefix, Buffer content) {
    // names sort in creation order, so spills are loaded back in the order they were written
    String name = prefix + String.format("%020d", System.currentTimeMillis()) + "-" + UUID.randomUUID() + SUFFIX;
    String target = Path.of(dir, name).toString();
    String temporary = target + ".tmp";
    return fs.mkdirs(dir)
        .compose(v -> fs.open(temporary, new OpenOptions().setWrite(true).setCreateNew(true)))
        .compose(file -> file.write(content)
            .compose(v -> file.flush())
            .eventually(file::close))
        .compose(v -> fs.move(temporary, target))
        // a full disk must not leave an empty temporary file behind for ever
        .recover(e -> fs.delete(temporary).transform(ignored -> Future.failedFuture(e)))
        .map(target);
  }
}
