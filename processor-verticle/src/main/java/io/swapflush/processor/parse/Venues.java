package io.swapflush.processor.parse;

import java.util.Map;

/**
 * Program id → venue name. The one place to extend when a new AMM or aggregator appears. An
 * aggregator names the venue of any transaction it routes, whatever AMMs it calls.
 */
final class Venues {

  static final String UNKNOWN = "unknown";

  private static final Map<String, String> AGGREGATORS = Map.of(
      "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4", "jupiter",
      "6m2CDdhRgxpH4WjvdzxAYbGxwdGUz5MziiL5jek2kBma", "okx");

  private static final Map<String, String> AMMS = Map.ofEntries(
      Map.entry("675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", "raydium-amm-v4"),
      Map.entry("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C", "raydium-cpmm"),
      Map.entry("CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK", "raydium-clmm"),
      Map.entry("LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj", "raydium-launchlab"),
      Map.entry("whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc", "orca-whirlpool"),
      Map.entry("LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo", "meteora-dlmm"),
      Map.entry("Eo7WjKq67rjJQSZxS6z3YkapzY3eMj6Xy8X5EQVn5UaB", "meteora-pools"),
      Map.entry("cpamdpZCGKUy5JxQXB4dcpGPiikHawvSWAd6mEn1sGG", "meteora-damm-v2"),
      Map.entry("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", "pump-fun"),
      Map.entry("pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA", "pump-amm"),
      Map.entry("PhoeNiXZ8ByJGLkxNfZRnkUfjvmuYqLR89jjFHGqdXY", "phoenix"),
      Map.entry("2wT8Yq49kHgDzXuPxZSaeLaH1qbmGXtEyPy64bL7aD3c", "lifinity-v2"));

  private Venues() {
  }

  static boolean isAggregator(String programId) {
    return AGGREGATORS.containsKey(programId);
  }

  /** The venue of a program, or null when it is not a known swap program. */
  static String of(String programId) {
    String aggregator = AGGREGATORS.get(programId);
    return aggregator != null ? aggregator : AMMS.get(programId);
  }
}
