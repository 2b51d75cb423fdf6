package io.swapflush.parse;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of transaction JSON (as {@link LeanJson} decodes it: maps, lists, strings, numbers,
 * booleans) that name the path of whatever is missing or wrong.
 */
final class JsonFields {

  static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private JsonFields() {
  }

  static Map<?, ?> object(Map<?, ?> parent, String key, String path) {
    return object(parent.get(key), path + "." + key);
  }

  static Map<?, ?> object(Object value, String path) {
    return as(Map.class, required(value, path), path, "an object");
  }

  static List<?> array(Map<?, ?> parent, String key, String path) {
    return array(parent.get(key), path + "." + key);
  }

  static List<?> array(Object value, String path) {
    return as(List.class, required(value, path), path, "an array");
  }

  static List<?> optionalArray(Map<?, ?> parent, String key, String path) {
    return optionalArray(parent.get(key), path + "." + key);
  }

  static List<?> optionalArray(Object value, String path) {
    return value == null ? List.of() : as(List.class, value, path, "an array");
  }

  static String string(Object value, String path) {
    String s = as(String.class, required(value, path), path, "a string");
    if (s.indexOf('\0') >= 0) {
      throw new InvalidTransactionException("nul-character", path + " contains a NUL character");
    }
    return s;
  }

  /**
   * A Solana key or signature: base58 of the given byte length. Judged by alphabet and length range
   * (what a real key can look like), not by a full decode: keys are read by the dozen per transaction.
   */
  static String base58(Object value, String path, int bytes) {
    String s = string(value, path);
    if (!Base58.looksLike(s, bytes)) {
      throw new InvalidTransactionException("invalid-base58",
          path + " is not a base58 " + bytes + "-byte value: " + abbreviate(s));
    }
    return s;
  }

  /** A JSON number in the u64 range that Java can hold in a long (lamports, slots, fees). */
  static long unsignedLong(Object value, String path) {
    required(value, path);
    if (!(value instanceof Integer || value instanceof Long)) {
      if (value instanceof BigInteger || value instanceof Number) {
        throw new InvalidTransactionException("number-out-of-range", path + " is not an integer in range: " + value);
      }
      throw wrongType(path, "an integer", value);
    }
    long v = ((Number) value).longValue();
    if (v < 0) {
      throw new InvalidTransactionException("number-out-of-range", path + " is negative: " + v);
    }
    return v;
  }

  /** A token amount: a decimal string of a u64. */
  static BigInteger u64String(Object value, String path) {
    String s = string(value, path);
    if (s.isEmpty() || s.length() > 20 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new InvalidTransactionException("invalid-amount", path + " is not a u64 decimal string: " + abbreviate(s));
    }
    BigInteger v = new BigInteger(s);
    if (v.compareTo(U64_MAX) > 0) {
      throw new InvalidTransactionException("number-out-of-range", path + " exceeds u64: " + s);
    }
    return v;
  }

  static int index(Object value, String path, int bound) {
    long v = unsignedLong(value, path);
    if (v >= bound) {
      throw new InvalidTransactionException("index-out-of-range", path + " = " + v + " is not below " + bound);
    }
    return (int) v;
  }

  private static Object required(Object value, String path) {
    if (value == null) {
      throw new InvalidTransactionException("missing-field", path + " is missing");
    }
    return value;
  }

  private static <T> T as(Class<T> type, Object value, String path, String expected) {
    if (!type.isInstance(value)) {
      throw wrongType(path, expected, value);
    }
    return type.cast(value);
  }

  static InvalidTransactionException wrongType(String path, String expected, Object value) {
    return new InvalidTransactionException("wrong-type", path + " must be " + expected + ", got " + typeOf(value));
  }

  /** The JSON type of a decoded value ({@code object}, {@code array}), or the Java type a scalar was decoded as. */
  static String typeOf(Object value) {
    return value == null ? "null" : value instanceof Map ? "object" : value instanceof List ? "array"
        : value.getClass().getSimpleName();
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
