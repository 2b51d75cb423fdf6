package io.swapflush.flusher;

import io.swapflush.event.SourceCheckpoint;
import io.swapflush.event.TransactionEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * For each positioned source, the highest position P such that every position up to P is durable
 * (written, dead-lettered, or dropped by an explicit drop policy), with the cursor that came with
 * P. Batches may complete in any order; P never passes a position that is not durable. Used on the
 * flusher's event loop only.
 */
final class CheckpointTracker {

  private final Map<String, Progress> sources = new HashMap<>();

  /** Where a source stood at the last commit, as stored in the database; positions done meanwhile are kept. */
  void restore(String source, SourceCheckpoint stored) {
    Progress progress = sources.computeIfAbsent(source, s -> new Progress(stored));
    if (stored.position() >= progress.committed.position()) {
      progress.committed = stored;
    }
    progress.persisted = Math.max(progress.persisted, stored.position());
    progress.done.headMap(progress.committed.position(), true).clear();
    advance(progress);
  }

  /**
   * The source is at {@code to}, as stored: it went back over a fork, or a new reading term starts
   * from the database's checkpoint; what was done after it no longer counts.
   */
  void rewound(String source, SourceCheckpoint to) {
    Progress progress = sources.computeIfAbsent(source, s -> new Progress(to));
    progress.committed = to;
    progress.persisted = to.position();
    progress.done.clear();
  }

  /** Checkpoints now stored in the database. */
  void persisted(Map<String, SourceCheckpoint> checkpoints) {
    checkpoints.forEach((source, checkpoint) -> {
      Progress progress = sources.get(source);
      progress.persisted = Math.max(progress.persisted, checkpoint.position());
    });
  }

  /**
   * Sources whose durable position is ahead of the stored one: with batches completing out of order,
   * a batch's checkpoint can only count what was durable when it started.
   */
  Map<String, SourceCheckpoint> trailing() {
    Map<String, SourceCheckpoint> trailing = new HashMap<>();
    sources.forEach((source, progress) -> {
      if (progress.committed.position() > progress.persisted) {
        trailing.put(source, progress.committed);
      }
    });
    return trailing;
  }

  /** Where a source stands durably; {@link SourceCheckpoint#START} when nothing of it was ever committed. */
  SourceCheckpoint position(String source) {
    Progress progress = sources.get(source);
    return progress == null ? SourceCheckpoint.START : progress.committed;
  }

  /** The checkpoint of a source as stored in the database: where a restart resumes. */
  long persistedPosition(String source) {
    Progress progress = sources.get(source);
    return progress == null ? 0 : progress.persisted;
  }

  Set<String> sources() {
    return sources.keySet();
  }

  /**
   * The checkpoints to commit with this batch: each source's position if the batch became durable,
   * whenever that is ahead of the stored one, so that under sustained load (batches always in
   * flight, never idle) the stored checkpoint still follows the commits, at most the batches in
   * flight behind.
   */
  Map<String, SourceCheckpoint> prospective(List<TransactionEvents> batch) {
    Map<String, SourceCheckpoint> checkpoints = new HashMap<>();
    positions(batch).forEach((source, added) -> {
      Progress progress = sources.computeIfAbsent(source, s -> new Progress(SourceCheckpoint.START));
      SourceCheckpoint p = progress.committed;
      for (SourceCheckpoint next; (next = next(progress.done, added, p.position() + 1)) != null; ) {
        p = next;
      }
      if (p.position() > progress.persisted) {
        checkpoints.put(source, p);
      }
    });
    return checkpoints;
  }

  private static SourceCheckpoint next(TreeMap<Long, SourceCheckpoint> done, TreeMap<Long, SourceCheckpoint> added,
      long position) {
    SourceCheckpoint next = done.get(position);
    return next != null ? next : added.get(position);
  }

  /** Records the positions as done: written, set aside as bad, or dropped by an explicit policy. */
  void done(List<TransactionEvents> batch) {
    positions(batch).forEach((source, added) -> {
      Progress progress = sources.computeIfAbsent(source, s -> new Progress(SourceCheckpoint.START));
      added.tailMap(progress.committed.position(), false).forEach(progress.done::put);
      advance(progress);
    });
  }

  private static void advance(Progress progress) {
    for (SourceCheckpoint next; (next = progress.done.remove(progress.committed.position() + 1)) != null; ) {
      progress.committed = next;
    }
  }

  private static Map<String, TreeMap<Long, SourceCheckpoint>> positions(List<TransactionEvents> batch) {
    Map<String, TreeMap<Long, SourceCheckpoint>> positions = new HashMap<>();
    for (TransactionEvents tx : batch) {
      if (tx.hasCheckpoint()) {
        positions.computeIfAbsent(tx.source(), s -> new TreeMap<>())
            .put(tx.position(), new SourceCheckpoint(tx.position(), tx.cursor()));
      }
    }
    return positions;
  }

  private static final class Progress {
    SourceCheckpoint committed;
    long persisted;
    final TreeMap<Long, SourceCheckpoint> done = new TreeMap<>();

    Progress(SourceCheckpoint committed) {
      this.committed = committed;
    }
  }
}
