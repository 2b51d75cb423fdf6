package io.swapflush.launcher.config;

import io.swapflush.alerts.AlertSettings;
import io.swapflush.alerts.DestinationSettings;
import io.swapflush.alerts.WebhookFormat;
import io.swapflush.alerts.WebhookSignature;
import io.swapflush.processor.signal.TriggerRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code processor.alerts}: where alerts go, and how hard they are tried. */
final class AlertsConfig {

  /** Names go into metric labels and a comma-joined column: plain words. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** Producer properties the destination sets itself: its ordering and no-duplicate guarantee rest on them. */
  private static final Set<String> OWN_PRODUCER_PROPERTIES = Set.of("bootstrap.servers", "enable.idempotence", "acks",
      "key.serializer", "value.serializer");

  private AlertsConfig() {
  }

  static AlertSettings read(ConfigSection section, List<TriggerRule> rules, Map<String, String> env) {
    AlertSettings d = AlertSettings.NONE;
    Set<String> ruleNames = new HashSet<>();
    rules.forEach(rule -> ruleNames.add(rule.name()));
    List<DestinationSettings> destinations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ConfigSection destination : section.objects("destinations")) {
      DestinationSettings read = destination(destination, ruleNames, env);
      if (!names.add(read.name())) {
        throw destination.invalid("name", "must be unique among the destinations", read.name());
      }
      destinations.add(read);
    }
    AlertSettings settings = new AlertSettings(destinations,
        section.positiveLong("failingAfterMs", d.failingAfterMs()),
        section.positiveLong("ownerLeaseMs", d.ownerLeaseMs()),
        section.positiveInt("keptPerDestination", d.keptPerDestination()),
        section.positiveInt("streamKept", d.streamKept()));
    section.rejectUnknownKeys();
    return settings;
  }

  private static DestinationSettings destination(ConfigSection section, Set<String> ruleNames,
      Map<String, String> env) {
    String name = section.requiredString("name");
    if (!NAME.matcher(name).matches()) {
      throw section.invalid("name", "must be 1 to 64 letters, digits, '_' or '-'", name);
    }
    String type = section.oneOf("type", null, List.of("webhook", "kafka"));
    List<String> rules = section.strings("rules", List.of());
    for (String rule : rules) {
      if (!ruleNames.contains(rule)) {
        throw section.invalid("rules", "must name rules of processor.triggers (" + String.join(", ", ruleNames)
            + ")", rule);
      }
    }
    DestinationSettings.Delivery d = DestinationSettings.Delivery.DEFAULTS;
    long retryMinMs = section.positiveLong("retryMinMs", d.retryMinMs());
    DestinationSettings.Delivery delivery = new DestinationSettings.Delivery(
        section.positiveLong("maxAgeMs", d.maxAgeMs()), retryMinMs,
        section.positiveLong("retryMaxMs", Math.max(d.retryMaxMs(), retryMinMs)),
        section.positiveLong("timeoutMs", d.timeoutMs()),
        section.intInRange("perMinute", d.perMinute(), 0, 1_000_000),
        section.intInRange("maxInFlight", d.maxInFlight(), 1, 1000));
    if (delivery.retryMaxMs() < delivery.retryMinMs()) {
      throw section.invalid("retryMaxMs", "must not be below retryMinMs", delivery.retryMaxMs());
    }
    DestinationSettings.Target target = type.equals("webhook") ? webhook(section, env) : kafka(section);
    section.rejectUnknownKeys();
    return new DestinationSettings(name, rules, delivery, target);
  }

  private static DestinationSettings.Webhook webhook(ConfigSection section, Map<String, String> env) {
    String url = section.requiredString("url");
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw section.invalid("url", "must be an absolute http or https URL", url);
      }
    } catch (URISyntaxException e) {
      throw section.invalid("url", "must be an absolute http or https URL (" + e.getReason() + ")", url);
    }
    // the secret is never shown, not even when it is wrong
    String inline = section.string("secret", null);
    String variable = section.string("secretEnv", null);
    if ((inline == null) == (variable == null)) {
      throw new ConfigException(section.pathOf("secret") + " or " + section.pathOf("secretEnv")
          + " (the name of an environment variable holding it) is required, not both");
    }
    String secret = inline != null ? inline : env.get(variable);
    String where = inline != null ? section.pathOf("secret") : "environment variable " + variable + " (named by "
        + section.pathOf("secretEnv") + ")";
    if (secret == null) {
      throw new ConfigException(where + " is not set");
    }
    String problem = WebhookSignature.problemWith(secret);
    if (problem != null) {
      throw new ConfigException(where + " " + problem + " (a Standard Webhooks secret: whsec_ and base64)");
    }
    WebhookFormat format = WebhookFormat.ofLabel(section.oneOf("format", "standard",
        Arrays.stream(WebhookFormat.values()).map(WebhookFormat::label).toList()));
    String chatId = format == WebhookFormat.TELEGRAM ? section.requiredString("chatId") : null;
    return new DestinationSettings.Webhook(url, secret, format, chatId);
  }

  private static DestinationSettings.Kafka kafka(ConfigSection section) {
    ConfigSection properties = section.section("properties");
    Map<String, String> values = properties.scalars();
    for (String key : values.keySet()) {
      if (OWN_PRODUCER_PROPERTIES.contains(key)) {
        throw properties.invalid(key, "is set by swapflush (an idempotent producer keyed by mint; bootstrapServers)",
            values.get(key));
      }
    }
    return new DestinationSettings.Kafka(section.requiredString("bootstrapServers"), section.requiredString("topic"),
        values);
  }
}
