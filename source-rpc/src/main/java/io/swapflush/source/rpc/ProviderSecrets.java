package io.swapflush.source.rpc;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What of a provider's settings is secret, and texts with it taken out before they are logged or
 * shown: the HTTP client names the request's URL (path and query, where API keys travel) in its
 * errors, and a provider may echo a key in an answer. The URL, and its path with its query, become
 * the shown URL (scheme and host); the user info, the path, the query, each of their parts and each
 * header value, raw or decoded, become {@value #HIDDEN} wherever they appear.
 */
final class ProviderSecrets {

  static final String HIDDEN = "***";
  /** Shorter parts are not keys, and taking them out would garble ordinary words ("v2", "rpc"). */
  private static final int SHORTEST = 8;

  /** Replacements, the longest text first, so that a URL goes whole before its parts do. */
  private final Map<String, String> replacements = new LinkedHashMap<>();

  ProviderSecrets(String url, String shownUrl, Collection<String> headerValues) {
    URI uri = URI.create(url);
    String path = uri.getRawPath();
    String query = uri.getRawQuery();
    Map<String, String> secrets = new HashMap<>();
    hide(secrets, url, shownUrl);
    hide(secrets, query == null ? path : path + "?" + query, shownUrl);
    List<String> parts = new ArrayList<>();
    for (String value : headerValues) {
      parts.add(value);
      parts.addAll(List.of(value.split("\\s+"))); // the token of "Bearer TOKEN"
    }
    if (uri.getRawUserInfo() != null) {
      parts.add(uri.getRawUserInfo());
    }
    parts.add(path);
    parts.addAll(List.of(path.split("/")));
    if (query != null) {
      parts.add(query);
      for (String parameter : query.split("&")) {
        parts.add(parameter);
        parts.add(parameter.substring(parameter.indexOf('=') + 1));
      }
    }
    parts.forEach(part -> hide(secrets, part, HIDDEN));
    secrets.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length())
        .reversed()).forEach(e -> replacements.put(e.getKey(), e.getValue()));
  }

  /** The first way given to show a secret holds: the URL and its path with its query are shown as the shown URL. */
  private static void hide(Map<String, String> secrets, String secret, String shownAs) {
    for (String form : forms(secret)) {
      if (form.length() >= SHORTEST) {
        secrets.putIfAbsent(form, shownAs);
      }
    }
  }

  /** {@code text} without a secret; null stays null. */
  String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = text;
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      redacted = redacted.replace(replacement.getKey(), replacement.getValue());
    }
    return redacted;
  }

  /** A part as the URL carries it and decoded, as a message may show either. */
  private static List<String> forms(String raw) {
    String decoded;
    try {
      decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = raw;
    }
    return decoded.equals(raw) ? List.of(raw) : List.of(raw, decoded);
  }
}
