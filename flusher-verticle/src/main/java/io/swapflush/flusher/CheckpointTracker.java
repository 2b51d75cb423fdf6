package io.swapflush.flusher;

import io.swapflush.event.TransactionEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * For each positioned source, the highest position P such that every position up to P is durable
 * (written, dead-lettered, or dropped by an explicit drop policy). Batches may complete in any
 * order; P never passes a position that is not durable. Used on the flusher's event loop only.
 */
final class CheckpointTracker {

  private final Map<String, Progress> sources = new HashMap<>();

  /** Where a source stood at the last commit, as stored in the database. */
  void restore(String source, long position) {
    Progress progress = new Progress(position);
    progress.persisted = position;
    sources.put(source, progress);
  }

  /** Checkpoints now stored in the database. */
  void persisted(Map<String, Long> checkpoints) {
    checkpoints.forEach((source, position) -> {
      Progress progress = sources.get(source);
      progress.persisted = Math.max(progress.persisted, position);
    });
  }

  /**
   * Sources whose durable position is ahead of the stored one: with batches completing out of order,
   * a batch's checkpoint can only count what was durable when it started.
   */
  Map<String, Long> trailing() {
    Map<String, Long> trailing = new HashMap<>();
    sources.forEach((source, progress) -> {
      if (progress.committed > progress.persisted) {
        trailing.put(source, progress.committed);
      }
    });
    return trailing;
  }

  /** The committed position of a source; 0 when nothing of it was ever committed. */
  long position(String source) {
    Progress progress = sources.get(source);
    return progress == null ? 0 : progress.committed;
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
  Map<String, Long> prospective(List<TransactionEvents> batch) {
    Map<String, TreeSet<Long>> positions = positions(batch);
    Map<String, Long> checkpoints = new HashMap<>();
    positions.forEach((source, added) -> {
      Progress progress = sources.computeIfAbsent(source, s -> new Progress(0));
      long p = progress.committed;
      while (progress.done.contains(p + 1) || added.contains(p + 1)) {
        p++;
      }
      if (p > progress.persisted) {
        checkpoints.put(source, p);
      }
    });
    return checkpoints;
  }

  /** Records the positions as done: written, set aside as bad, or dropped by an explicit policy. */
  void done(List<TransactionEvents> batch) {
    positions(batch).forEach((source, added) -> {
      Progress progress = sources.computeIfAbsent(source, s -> new Progress(0));
      for (long position : added) {
        if (position > progress.committed) {
          progress.done.add(position);
        }
      }
      while (progress.done.remove(progress.committed + 1)) {
        progress.committed++;
      }
    });
  }

  private static Map<String, TreeSet<Long>> positions(List<TransactionEvents> batch) {
    Map<String, TreeSet<Long>> positions = new HashMap<>();
    for (TransactionEvents tx : batch) {
      if (tx.hasCheckpoint()) {
        positions.computeIfAbsent(tx.source(), s -> new TreeSet<>()).add(tx.position());
      }
    }
    return positions;
  }

  private static final class Progress {
    long committed;
    long persisted;
    final TreeSet<Long> done = new TreeSet<>();

    Progress(long committed) {
      this.committed = committed;
    }
  }
}
