package io.swapflush.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Documents as Jackson trees, for tests that edit a document before the parser reads it: the
 * parser takes the edited tree's text ({@code toString()} is its JSON).
 */
final class JsonTrees {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonTrees() {
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file holding one JSON object (a transaction, a response, expectations). */
  static ObjectNode read(Path file) {
    try {
      return (ObjectNode) MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** The elements of an array, the values of an object. */
  static Stream<JsonNode> elements(JsonNode container) {
    return StreamSupport.stream(container.spliterator(), false);
  }
}
