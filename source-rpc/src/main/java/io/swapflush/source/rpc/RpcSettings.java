package io.swapflush.source.rpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.parse.TransactionParser;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;
import java.net.URI;
import java.util.Map;

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
public record RpcSettings(String url, String sourceId, String commitment, Long startSlot, Long endSlot,
    int concurrency, double maxRequestsPerSecond, Map<String, String> headers, int maxSupportedTransactionVersion,
    long requestTimeoutMs, long pollIntervalMs, int maxBlockBytes) implements SourceSettings {

  public RpcSettings {
    headers = Map.copyOf(headers);
  }

  /** The endpoint as it may be logged: scheme and host, never the path or query that hold keys. */
  public String shownUrl() {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  @Override
  public String toString() {
    return "RpcSettings[" + shownUrl() + ", sourceId=" + sourceId + ", commitment=" + commitment + ", startSlot="
        + (startSlot == null ? "latest" : startSlot) + ", endSlot=" + endSlot + ", concurrency=" + concurrency + "]";
  }

  @Override
  public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
    return new RpcSource(this, registry, new TransactionParser(maxDocumentBytes)::outcome);
  }
}
