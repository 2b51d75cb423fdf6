package io.swapflush.launcher.config;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
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

  double positiveNumber(String key, double defaultValue) {
    Object value = value(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Number number) || !(number.doubleValue() > 0) || Double.isInfinite(number.doubleValue())) {
      throw bad(key, "must be a positive number", value);
    }
    return number.doubleValue();
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

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private ConfigException bad(String key, String rule, Object value) {
    String shown = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    return new ConfigException(pathOf(key) + " " + rule + ", got " + shown);
  }
}
