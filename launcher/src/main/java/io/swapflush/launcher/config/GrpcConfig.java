package io.swapflush.launcher.config;

import io.swapflush.source.grpc.GeyserEndpoint;
import io.swapflush.source.grpc.GrpcSettings;
import io.swapflush.source.rpc.RpcSettings;
import java.util.List;
import java.util.Map;

/** {@code processor.source} of type {@code grpc}: a Yellowstone gRPC (Geyser) stream to follow. */
final class GrpcConfig {

  private GrpcConfig() {
  }

  static GrpcSettings read(ConfigSection section, Map<String, String> env) {
    String endpoint = section.string("endpoint", env.get("SOLANA_GRPC_URL"));
    if (endpoint == null) {
      throw new ConfigException(section.pathOf("endpoint") + " is required (or the environment variable "
          + "SOLANA_GRPC_URL)");
    }
    try {
      GeyserEndpoint.parse(endpoint);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(section.pathOf("endpoint") + " must be an http:// or https:// URL with a host: "
          + e.getMessage());
    }
    String sourceId = section.string("sourceId", "solana");
    String commitment = section.oneOf("commitment", "confirmed", List.of("processed", "confirmed", "finalized"));
    long reconnectMinMs = section.positiveLong("reconnectMinMs", GrpcSettings.DEFAULT_RECONNECT_MIN_MS);
    long reconnectMaxMs = section.positiveLong("reconnectMaxMs", GrpcSettings.DEFAULT_RECONNECT_MAX_MS);
    if (reconnectMaxMs < reconnectMinMs) {
      throw new ConfigException(section.pathOf("reconnectMaxMs") + " must not be below reconnectMinMs, got "
          + reconnectMaxMs);
    }
    return new GrpcSettings(endpoint,
        section.string("xToken", env.get("SOLANA_GRPC_X_TOKEN")),
        sourceId, commitment,
        section.strings("accountInclude", GrpcSettings.tradingPrograms()),
        section.optionalSlot("startSlot", "latest"),
        gapFill(section.section("rpc"), env, sourceId, commitment),
        section.positiveLong("watchdogMs", GrpcSettings.DEFAULT_WATCHDOG_MS),
        reconnectMinMs, reconnectMaxMs,
        section.intInRange("maxPendingSlots", GrpcSettings.DEFAULT_MAX_PENDING_SLOTS, 8, 100_000));
  }

  /**
   * The provider's JSON-RPC endpoint the stream's gaps are read from; absent (no {@code rpc.url}
   * nor SOLANA_RPC_URL): none. It reads at the stream's commitment, {@code confirmed} for {@code processed}.
   */
  private static RpcSettings gapFill(ConfigSection rpc, Map<String, String> env, String sourceId, String commitment) {
    String url = rpc.string("url", env.get("SOLANA_RPC_URL"));
    if (url == null) {
      if (!rpc.isEmpty()) {
        throw new ConfigException(rpc.pathOf("url") + " is required (or the environment variable SOLANA_RPC_URL) "
            + "when " + rpc.path() + " is given");
      }
      return null;
    }
    RpcSettings settings = RpcConfig.provider(rpc, url, sourceId, GrpcSettings.rpcCommitment(commitment), null, null);
    rpc.rejectUnknownKeys();
    return settings;
  }
}
