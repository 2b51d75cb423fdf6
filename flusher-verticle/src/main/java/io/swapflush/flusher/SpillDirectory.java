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
import java.util.UUID;

/**
 * Local files for what the database could not take: events left when the final drain timed out
 * ({@code spill-*.jsonl}, loaded again at the next start and deleted once committed), and bad
 * rows that not even the dead-letter table accepted ({@code rejected-*.jsonl}, kept for an
 * operator). A file is written under a temporary name, fsynced, then renamed, so a crash never
 * leaves a partial file to be loaded.
 */
final class SpillDirectory {

  private static final String SPILL_PREFIX = "spill-";
  private static final String REJECTED_PREFIX = "rejected-";
  private static final String SUFFIX = ".jsonl";

  private final FileSystem fs;
  private final String dir;

  SpillDirectory(Vertx vertx, String dir) {
    this.fs = vertx.fileSystem();
    this.dir = dir;
  }

  /** What a previous run spilled, in order, with the files to delete once it is all committed. */
  record Spilled(List<TransactionEvents> transactions, List<String> files) {
    int events() {
      return transactions.stream().mapToInt(TransactionEvents::size).sum();
    }
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

  Future<Spilled> load() {
    return fs.exists(dir)
        .compose(exists -> exists ? fs.props(dir).map(props -> props.isDirectory()) : Future.succeededFuture(false))
        .compose(isDirectory -> isDirectory ? fs.readDir(dir, "spill-.*\\.jsonl") : Future.succeededFuture(List.of()))
        .compose(files -> {
          List<String> sorted = files.stream().sorted().toList();
          List<TransactionEvents> transactions = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (String file : sorted) {
            chain = chain.compose(v -> fs.readFile(file)).map(buffer -> {
              buffer.toString().lines().filter(l -> !l.isBlank())
                  .forEach(l -> transactions.add(SwapEventJson.transactionFromJson(new JsonObject(l))));
              return null;
            });
          }
          return chain.map(v -> new Spilled(transactions, sorted));
        });
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
