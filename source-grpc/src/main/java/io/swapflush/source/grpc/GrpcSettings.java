package io.swapflush.source.grpc;

import io.micrometer.core.instrument.MeterRegistry;
import io.swapflush.parse.TransactionParser;
import io.swapflush.source.SourceSettings;
import io.swapflush.source.TransactionSource;
import io.swapflush.source.rpc.RpcSettings;
import java.util.List;

/**
 * Follows the chain over a Yellowstone gRPC (Geyser) stream: transactions that name a trading
 * program, block metas and slot statuses; a slot is handed on once it reaches {@code commitment};
 * position = blocks handed on (a dense sequence, the rpc source's), cursor = the recent chain.
 *
 * @param endpoint {@code https://host[:port]} or {@code http://host[:port]} (plaintext HTTP/2)
 * @param xToken the provider's access token, sent as the {@code x-token} header; null: none. Never shown
 * @param commitment {@code processed}, {@code confirmed} or {@code finalized}
 * @param accountInclude the stream carries transactions that name any of these keys
 * @param startSlot where to start when no checkpoint is stored ({@code from_slot}); null: live
 * @param gapFill the same provider's JSON-RPC endpoint, read when the stream cannot replay what is
 *     missing; null: such a gap halts the source until the stream can replay it
 * @param watchdogMs a stream silent this long (no update, no ping) is dropped and opened again
 */
public record GrpcSettings(String endpoint, String xToken, String sourceId, String commitment,
    List<String> accountInclude, Long startSlot, RpcSettings gapFill, long watchdogMs, long reconnectMinMs,
    long reconnectMaxMs, int maxPendingSlots) implements SourceSettings {

  public static final long DEFAULT_WATCHDOG_MS = 30_000;
  public static final long DEFAULT_RECONNECT_MIN_MS = 100;
  public static final long DEFAULT_RECONNECT_MAX_MS = 30_000;
  public static final int DEFAULT_MAX_PENDING_SLOTS = 512;

  public GrpcSettings {
    accountInclude = List.copyOf(accountInclude);
  }

  /** Every pool and router the parser knows. */
  public static List<String> tradingPrograms() {
    return TransactionParser.tradingPrograms();
  }

  /** The commitment JSON-RPC reads at when it fills a gap: it has no {@code processed} blocks to read. */
  public static String rpcCommitment(String commitment) {
    return "finalized".equals(commitment) ? "finalized" : "confirmed";
  }

  /** The endpoint as it may be logged: it holds no secret (the token travels in a header). */
  public String shownEndpoint() {
    GeyserEndpoint parsed = GeyserEndpoint.parse(endpoint);
    return (parsed.tls() ? "https://" : "http://") + parsed.host() + ":" + parsed.port();
  }

  /** {@code text} with the token taken out, for errors a server may have echoed it in. */
  String redact(String text) {
    return xToken == null || xToken.isEmpty() || text == null ? text : text.replace(xToken, "[x-token]");
  }

  @Override
  public String toString() {
    return "GrpcSettings[" + shownEndpoint() + ", sourceId=" + sourceId + ", commitment=" + commitment
        + ", startSlot=" + (startSlot == null ? "latest" : startSlot) + ", programs=" + accountInclude.size()
        + ", gapFill=" + (gapFill == null ? "none" : gapFill.shownUrl()) + "]";
  }

  @Override
  public TransactionSource create(int maxDocumentBytes, MeterRegistry registry) {
    return new GrpcSource(this, registry, new TransactionParser(maxDocumentBytes), maxDocumentBytes);
  }
}
