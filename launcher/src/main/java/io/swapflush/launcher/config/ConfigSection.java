package io.swapflush.launcher.config;

import io.vertx.core.json.JsonArray;
import java.math.BigDecimal;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, path-aware reads of one JSON object of the configuration. Every key read is remembered, so
 * {@link #rejectUnknownKeys()} can name any key that is not part of the configuration.
 */
final class ConfigSection {

  private final JsonObject json;
  private final String path;
  private final Set<String> known = new LinkedHashSet<>();

  ConfigSection(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  ConfigSection section(String key) {
    Object value = value(key);
    if (value == null) {
      return new ConfigSection(new JsonObject(), pathOf(key));
    }
    if (!(value instanceof JsonObject object)) {
      throw bad(key, "must be an object", value);
    }
    return new ConfigSection(object, pathOf(key));
  }

  /** The elements of an array, each an object, as sections named {@code key[i]}; empty when absent. */
  List<ConfigSection> objects(String key) {
    Object value = value(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw bad(key, "must be an array", value);
    }
    List<ConfigSection> sections = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw bad(key + "[" + i + "]", "must be an object", array.getValue(i));
      }
      sections.add(new ConfigSection(object, pathOf(key + "[" + i + "]")));
    }
    return sections;
  }

  /** The elements of an array of strings; {@code defaultValue} when absent. */
  List<String> strings(String key, List<String> defaultValue) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof JsonArray array) || array.isEmpty()
        || !array.stream().allMatch(e -> e instanceof String)) {
      throw bad(key, "must be a non-empty array of strings", value);
    }
    return array.stream().map(String.class::cast).toList();
  }

  double number(String key) {
    Object value = value(key);
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      throw value == null ? new ConfigException(pathOf(key) + " is required") : bad(key, "must be a number", value);
    }
    return number.doubleValue();
  }

  /** A failure naming one of this section's keys. */
  ConfigException invalid(String key, String rule, Object value) {
    return bad(key, rule, value);
  }

  int positiveInt(String key, int defaultValue) {
    return (int) integer(key, defaultValue, 1, Integer.MAX_VALUE, "a positive integer");
  }

  long positiveLong(String key, long defaultValue) {
    return integer(key, defaultValue, 1, Long.MAX_VALUE, "a positive integer");
  }

  long nonNegativeLong(String key, long defaultValue) {
    return integer(key, defaultValue, 0, Long.MAX_VALUE, "a non-negative integer");
  }

  int port(String key, int defaultValue) {
    return (int) integer(key, defaultValue, 0, 65535, "a port number (0-65535)");
  }

  double positiveNumber(String key, double defaultValue, double max) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Number number) || !(number.doubleValue() > 0) || !(number.doubleValue() <= max)) {
      throw bad(key, "must be a number above 0 and at most " + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString(), value);
    }
    return number.doubleValue();
  }

  int intInRange(String key, int defaultValue, int min, int max) {
    return (int) integer(key, defaultValue, min, max, "an integer from " + min + " to " + max);
  }

  /** A non-negative integer; null when absent, or when it is the word {@code nullWord}. */
  Long optionalSlot(String key, String nullWord) {
    Object value = value(key);
    if (value == null || (nullWord != null && nullWord.equals(value))) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw bad(key, "must be a slot number" + (nullWord == null ? "" : " or \"" + nullWord + "\""), value);
    }
    return ((Number) value).longValue();
  }

  /** An object of string values (secrets, say, so a bad one is named, not shown); empty when absent. */
  Map<String, String> strings(String key) {
    Object value = value(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject object)) {
      throw new ConfigException(pathOf(key) + " must be an object of strings");
    }
    object.stream().filter(e -> !(e.getValue() instanceof String)).findFirst().ifPresent(e -> {
      throw new ConfigException(pathOf(key) + "." + e.getKey() + " must be a string");
    });
    Map<String, String> strings = new LinkedHashMap<>();
    object.forEach(e -> strings.put(e.getKey(), (String) e.getValue()));
    return strings;
  }

  /** Every key of this section, each a string, number or boolean, as text (free-form settings passed on as given). */
  Map<String, String> scalars() {
    Map<String, String> scalars = new LinkedHashMap<>();
    for (String key : json.fieldNames()) {
      Object value = value(key);
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw bad(key, "must be a string, number or boolean", value);
      }
      scalars.put(key, value.toString());
    }
    return scalars;
  }

  boolean bool(String key, boolean defaultValue) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean b)) {
      throw bad(key, "must be true or false", value);
    }
    return b;
  }

  String string(String key, String defaultValue) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw bad(key, "must be a non-empty string", value);
    }
    return s;
  }

  String requiredString(String key) {
    String value = string(key, null);
    if (value == null) {
      throw new ConfigException(pathOf(key) + " is required");
    }
    return value;
  }

  String oneOf(String key, String defaultValue, List<String> allowed) {
    String value = string(key, defaultValue);
    if (!allowed.contains(value)) {
      throw bad(key, "must be one of " + String.join(", ", allowed), value);
    }
    return value;
  }

  /** Fails on the first key (in sorted order) that was never read. */
  boolean isEmpty() {
    return json.isEmpty();
  }

  String path() {
    return path;
  }

  void rejectUnknownKeys() {
    Set<String> unknown = new TreeSet<>(json.fieldNames());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      String key = unknown.iterator().next();
      throw new ConfigException("unknown key " + pathOf(key) + " (known keys" + (path.isEmpty() ? "" : " of " + path)
          + ": " + String.join(", ", known) + ")");
    }
  }

  private long integer(String key, long defaultValue, long min, long max, String expected) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw bad(key, "must be " + expected, value);
    }
    long v = ((Number) value).longValue();
    if (v < min || v > max) {
      throw bad(key, "must be " + expected, value);
    }
    return v;
  }

  private Object value(String key) {
    known.add(key);
    return json.getValue(key);
  }

  String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private ConfigException bad(String key, String rule, Object value) {
    String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    return new ConfigException(pathOf(key) + " " + rule + ", got " + shown);
  }
}
