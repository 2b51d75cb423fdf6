package io.swapflush.launcher;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies held for requests not yet answered, bounded across all of them, so that
 * uploads that never finish cannot take the heap. Each request holds a {@link Share}: grown as its
 * body arrives (or at once by its declared length) and given back once, however the request ends.
 */
final class BodyBytesInFlight {

  private final long limit;
  // shares of requests on any event loop meet here
  private final AtomicLong held = new AtomicLong();

  BodyBytesInFlight(long limit) {
    this.limit = limit;
  }

  long limit() {
    return limit;
  }

  long held() {
    return held.get();
  }

  Share share() {
    return new Share();
  }

  private boolean tryTake(long bytes) {
    long current;
    do {
      current = held.get();
      if (current + bytes > limit) {
        return false;
      }
    } while (!held.compareAndSet(current, current + bytes));
    return true;
  }

  /** One request's part of the bound; used on that request's context only. */
  final class Share {

    private long bytes;
    private boolean released;

    /** Grows this share to {@code total} bytes; false, keeping what it holds, when the bound does not allow it. */
    boolean cover(long total) {
      if (released || total > bytes && !tryTake(total - bytes)) {
        return false;
      }
      bytes = Math.max(bytes, total);
      return true;
    }

    /** Gives the share back; later calls do nothing. */
    void release() {
      if (!released) {
        released = true;
        held.addAndGet(-bytes);
      }
    }
  }
}
