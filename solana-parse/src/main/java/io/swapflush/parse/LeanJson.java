package io.swapflush.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes a document into plain maps ({@code HashMap<String, Object>}, mutable: a block's transactions
 * are given its slot and time) and lists, leaving out the fields the parser never reads (log
 * messages, UI amounts, instruction data longer than a transaction can carry — the events programs
 * emit to themselves): most of a real transaction's bytes, skipped by the tokenizer without building
 * strings for them. Field order is not kept: nothing depends on it.
 */
final class LeanJson {

  private static final Set<String> UNREAD = Set.of("logMessages", "returnData", "rewards", "uiAmount",
      "uiAmountString", "recentBlockhash", "addressTableLookups", "computeUnitsConsumed", "costUnits", "status");
  private static final String DATA = "data";
  /** Base58 of 1 232 bytes. */
  private static final int MAX_DATA_CHARS = 1_683;

  // Jackson's default limits hold: nesting beyond 1000 levels is an error, not a stack overflow
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
      .build();

  private LeanJson() {
  }

  static Object decode(byte[] text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw malformed("empty input");
      }
      Object value = value(parser, first);
      if (parser.nextToken() != null) {
        throw malformed("unexpected content after the document at column " + parser.currentLocation().getColumnNr());
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidTransactionException invalid) {
        throw invalid;
      }
      throw malformed(e.getMessage());
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw malformed("unexpected " + token);
    };
  }

  private static Map<String, Object> object(JsonParser parser) throws IOException {
    HashMap<String, Object> fields = new HashMap<>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken valueToken = parser.nextToken();
      if (UNREAD.contains(name) || isLongData(parser, name, valueToken)) {
        parser.skipChildren();
      } else {
        fields.put(name, value(parser, valueToken));
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw malformed("unterminated object");
    }
    return fields;
  }

  /**
   * Instruction data longer than a whole transaction (1 232 bytes) is no instruction the parser
   * decodes (an event a program emits to itself): the tokenizer skips it.
   */
  private static boolean isLongData(JsonParser parser, String name, JsonToken token) throws IOException {
    return token == JsonToken.VALUE_STRING && name.equals(DATA) && parser.getTextLength() > MAX_DATA_CHARS;
  }

  private static List<Object> array(JsonParser parser) throws IOException {
    List<Object> values = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw malformed("unterminated array");
      }
      values.add(value(parser, token));
    }
    return values;
  }

  private static InvalidTransactionException malformed(String detail) {
    String line = detail == null ? "unreadable input" : detail.lines().findFirst().orElse(detail);
    return new InvalidTransactionException("malformed-json", "not valid JSON: " + JsonFields.abbreviate(line));
  }
}
