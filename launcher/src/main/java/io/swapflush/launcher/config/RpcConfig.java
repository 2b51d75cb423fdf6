package io.swapflush.launcher.config;

import io.swapflush.source.rpc.RpcSettings;
import io.swapflush.source.SourceSettings;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** {@code processor.source} of type {@code rpc}: a Solana JSON-RPC provider to follow. */
final class RpcConfig {

  private RpcConfig() {
  }

  static RpcSettings read(ConfigSection section, Map<String, String> env) {
    String url = section.string("url", env.get("SOLANA_RPC_URL"));
    if (url == null) {
      throw new ConfigException(section.pathOf("url") + " is required (or the environment variable SOLANA_RPC_URL)");
    }
    Long startSlot = section.optionalSlot("startSlot", "latest");
    Long endSlot = section.optionalSlot("endSlot", null);
    if (endSlot != null && startSlot != null && endSlot < startSlot) {
      throw new ConfigException(section.pathOf("endSlot") + " must not be below startSlot, got " + endSlot);
    }
    return provider(section, url, section.string("sourceId", "solana"),
        section.oneOf("commitment", "confirmed", List.of("confirmed", "finalized")), startSlot, endSlot);
  }

  /** The settings of how a provider at {@code url} is read (concurrency, limits, headers, timeouts) from {@code section}. */
  static RpcSettings provider(ConfigSection section, String url, String sourceId, String commitment, Long startSlot,
      Long endSlot) {
    return new RpcSettings(checkedUrl(section, url), sourceId, commitment, startSlot, endSlot,
        section.intInRange("concurrency", 4, 1, 64),
        section.positiveNumber("maxRequestsPerSecond", 0, 100_000),
        section.strings("headers"),
        section.intInRange("maxSupportedTransactionVersion", 0, 0, 255),
        section.positiveLong("requestTimeoutMs", 30_000),
        section.positiveLong("pollIntervalMs", 400),
        section.intInRange("maxBlockBytes", 64 << 20, 1 << 20, Integer.MAX_VALUE));
  }

  /** {@code url} when it is an http(s) URL with a host; the error never echoes it (it may hold an API key). */
  static String checkedUrl(ConfigSection section, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(section.pathOf("url") + " is not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ConfigException(section.pathOf("url") + " must be an http:// or https:// URL with a host");
    }
    return url;
  }
}
