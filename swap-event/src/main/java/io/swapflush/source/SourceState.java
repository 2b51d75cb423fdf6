package io.swapflush.source;

/**
 * What a source says of itself.
 *
 * @param problem what stops it from going on, said on /health (a provider answer it cannot get
 *     past); null when nothing does
 * @param endPosition the last position of a source that ends (a backfill) once it has read
 *     everything; -1 while it has not, and always for a source that does not end
 * @param lagSeconds how far behind its input the durable position is; -1 when it cannot tell
 */
public record SourceState(String problem, long endPosition, double lagSeconds) {

  public static final SourceState RUNNING = new SourceState(null, -1, -1);
}
