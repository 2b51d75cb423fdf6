package io.swapflush.launcher.config;

import io.swapflush.parse.Base58;
import io.swapflush.parse.Mints;
import io.swapflush.processor.signal.Metric;
import io.swapflush.processor.signal.TriggerRule;
import io.swapflush.processor.signal.WindowSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code processor.counters} and {@code processor.triggers}. */
final class SignalConfig {

  private static final Map<String, String> QUOTE_ALIASES = Map.of("SOL", Mints.SOL, "USDC", Mints.USDC,
      "USDT", Mints.USDT);

  private SignalConfig() {
  }

  static List<WindowSpec> windows(ConfigSection counters, List<WindowSpec> defaults) {
    List<String> labels = counters.strings("windows", defaults.stream().map(WindowSpec::label).toList());
    List<WindowSpec> windows = new ArrayList<>();
    for (String label : labels) {
      WindowSpec window = WindowSpec.parse(label);
      if (window == null) {
        throw counters.invalid("windows", "must hold durations like \"30s\", \"1m\", \"1h\"", label);
      }
      windows.add(window);
    }
    return windows;
  }

  static List<TriggerRule> triggers(List<ConfigSection> sections, List<WindowSpec> windows) {
    List<TriggerRule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigSection rule : sections) {
      String name = rule.requiredString("name");
      if (!names.add(name)) {
        throw rule.invalid("name", "must be unique", name);
      }
      Metric metric = Metric.ofLabel(rule.oneOf("metric", null,
          Arrays.stream(Metric.values()).map(Metric::label).toList()));
      String windowLabel = rule.string("window", windows.get(0).label());
      WindowSpec window = windows.stream().filter(w -> w.label().equals(windowLabel)).findFirst()
          .orElseThrow(() -> rule.invalid("window", "must be one of processor.counters.windows "
              + windows.stream().map(WindowSpec::label).toList(), windowLabel));
      double above = rule.number("above");
      String quote = rule.string("quoteMint", null);
      if (metric.isVolume() && quote == null) {
        throw new ConfigException(rule.pathOf("quoteMint") + " is required for " + metric.label());
      }
      if (!metric.isVolume() && quote != null) {
        throw rule.invalid("quoteMint", "applies to buyVolume and sellVolume only, not " + metric.label(), quote);
      }
      String mint = rule.string("mint", null);
      rules.add(new TriggerRule(name, metric, window, above, quote == null ? null : mint(rule, "quoteMint", quote),
          mint == null ? null : mint(rule, "mint", mint), cooldown(rule)));
      rule.rejectUnknownKeys();
    }
    return rules;
  }

  private static String mint(ConfigSection rule, String key, String value) {
    String mint = QUOTE_ALIASES.getOrDefault(value, value);
    if (Base58.decodedLength(mint) != 32) {
      throw rule.invalid(key, "must be SOL, USDC, USDT or a base58 mint address", value);
    }
    return mint;
  }

  private static long cooldown(ConfigSection rule) {
    String label = rule.string("cooldown", "1m");
    if (label.matches("0+[smh]")) {
      return 0;
    }
    WindowSpec cooldown = WindowSpec.parse(label);
    if (cooldown == null) {
      throw rule.invalid("cooldown", "must be a duration like \"30s\", \"5m\", \"1h\"", label);
    }
    return cooldown.lengthMs();
  }
}
