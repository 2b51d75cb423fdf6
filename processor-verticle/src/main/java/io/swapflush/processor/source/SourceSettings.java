package io.swapflush.processor.source;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.Map;

/**
 * Which source feeds the processor, with its own settings. Each kind makes its own source, so a
 * kind without a source cannot exist: nothing falls back to another source.
 */
public interface SourceSettings {

  /** The id the checkpoint of a positioned source is stored under; null for a source without positions. */
  default String sourceId() {
    return null;
  }

  /**
   * Whether one instance at a time reads the source (a file, a chain), the others standing by; a
   * source whose input is shared out among instances (Kafka partitions) says false.
   */
  default boolean singleReader() {
    return sourceId() != null;
  }

  /** The source these settings describe; {@code maxDocumentBytes} bounds one input document. */
  TransactionSource create(int maxDocumentBytes, MeterRegistry registry);

  /** Generated transactions in getTransaction form, at a steady rate. */
  record Synthetic(double ratePerSecond) implements SourceSettings {

    /** The highest rate the generator runs at without monopolising its event loop. */
    public static final double MAX_RATE_PER_SECOND = SyntheticSource.MAX_RATE_PER_SECOND;

    @Override
    public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
      return new SyntheticSource(ratePerSecond);
    }
  }

  /**
   * A file of one transaction document per line; position = line number. Resumes after the
   * checkpoint stored for {@code sourceId} unless {@code fromStart}; with {@code follow} it keeps
   * reading lines appended to the file, and starts over when the file is truncated or rotated.
   */
  record Jsonl(String path, String sourceId, boolean fromStart, boolean follow) implements SourceSettings {

    /** Replays the file once from its start; its checkpoint id is the path. */
    public Jsonl(String path) {
      this(path, path, true, false);
    }

    @Override
    public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
      return new JsonlSource(this, maxDocumentBytes);
    }
  }

  /** Documents posted to {@code POST /transactions}, handed over on the event bus. */
  record Http() implements SourceSettings {

    @Override
    public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
      return new HttpSource();
    }
  }

  /**
   * Follows the chain over Solana JSON-RPC: {@code getSlot}, {@code getBlocks}, then {@code getBlock}
   * for each block, {@code concurrency} at once, handed on strictly in slot order; position = blocks
   * read (a dense sequence), cursor = the block's slot and blockhash.
   *
   * @param url the provider's endpoint; carries API keys, so only its host is ever shown
   * @param startSlot where to start when no checkpoint is stored; null: the head at start
   * @param endSlot the last slot of a backfill, after which the source ends; null: follow the head
   * @param maxRequestsPerSecond requests the provider allows; 0: no limit
   * @param headers sent with every request (an API key header, say)
   */
  record Rpc(String url, String sourceId, String commitment, Long startSlot, Long endSlot, int concurrency,
             double maxRequestsPerSecond, Map<String, String> headers, int maxSupportedTransactionVersion,
             long requestTimeoutMs, long pollIntervalMs, int maxBlockBytes) implements SourceSettings {

    public Rpc {
      headers = Map.copyOf(headers);
    }

    /** The endpoint as it may be logged: scheme and host, never the path or query that hold keys. */
    public String shownUrl() {
      URI uri = URI.create(url);
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public String toString() {
      return "Rpc[" + shownUrl() + ", sourceId=" + sourceId + ", commitment=" + commitment + ", startSlot="
          + (startSlot == null ? "latest" : startSlot) + ", endSlot=" + endSlot + ", concurrency=" + concurrency + "]";
    }

    @Override
    public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
      return new RpcSource(this, registry);
    }
  }
}
