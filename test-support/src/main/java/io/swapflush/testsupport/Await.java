package io.swapflush.testsupport;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocks the calling thread until a Vert.x future completes: for tests and the benchmark, never on
 * an event loop (the future could only complete on the thread it blocks).
 */
public final class Await {

  /** Long enough for a database round trip on a loaded machine, short enough to fail a hung test. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private Await() {
  }

  /** The future's result, within {@link #DEFAULT_TIMEOUT}; its failure is thrown (see {@link #result(Future, Duration)}). */
  public static <T> T result(Future<T> future) {
    return result(future, DEFAULT_TIMEOUT);
  }

  /**
   * The future's result within {@code timeout}. A failure is thrown as itself when unchecked, else
   * wrapped in an {@link IllegalStateException}; either way with a suppressed note of where it was
   * awaited, since its own stack trace is the event loop's. Running out of time is an
   * {@link IllegalStateException} caused by the {@link TimeoutException}.
   */
  public static <T> T result(Future<T> future, Duration timeout) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      cause.addSuppressed(new Exception("awaited here"));
      if (cause instanceof RuntimeException unchecked) {
        throw unchecked;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("the awaited future failed: " + cause, cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the awaited future did not complete within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while awaiting a future", e);
    }
  }

  /** The failure of a future that is expected to fail, within {@link #DEFAULT_TIMEOUT}. */
  public static Throwable failure(Future<?> future) {
    return failure(future, DEFAULT_TIMEOUT);
  }

  /** The failure of a future that is expected to fail; an {@link AssertionError} when it succeeds. */
  public static Throwable failure(Future<?> future, Duration timeout) {
    AsyncResult<?> outcome = result(future.transform(Future::succeededFuture), timeout);
    if (outcome.succeeded()) {
      throw new AssertionError("expected the future to fail, it succeeded with " + outcome.result());
    }
    return outcome.cause();
  }
}
