package io.swapflush.processor.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.processor.source.SyntheticTransactions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every kind of bad input is an InvalidTransactionException with a reason and a message that names the place. */
class BadInputTest {

  private final TransactionParser parser = new TransactionParser(1 << 20);
  private final JsonObject valid = new JsonObject(new SyntheticTransactions(3).next());

  private InvalidTransactionException rejected(String document) {
    return assertThrows(InvalidTransactionException.class, () -> parser.split(document).forEach(parser::parse));
  }

  private InvalidTransactionException rejected(JsonObject tx) {
    return rejected(tx.encode());
  }

  private JsonObject meta(JsonObject tx) {
    return tx.getJsonObject("meta");
  }

  @Test
  void malformedJson() {
    assertEquals("malformed-json", rejected("{\"slot\": 1,").reason());
    assertEquals("malformed-json", rejected("not json at all").reason());
    assertEquals("wrong-type", rejected("42").reason());
    byte[] invalidUtf8 = valid.encode().getBytes(StandardCharsets.UTF_8);
    invalidUtf8[invalidUtf8.length / 2] = (byte) 0xC3;
    InvalidTransactionException notUtf8 = assertThrows(InvalidTransactionException.class,
        () -> parser.split(invalidUtf8).forEach(parser::parse));
    assertEquals("malformed-json", notUtf8.reason());
    assertTrue(notUtf8.getMessage().contains("UTF-8"), notUtf8.getMessage());
  }

  @Test
  void missingAndWrongTypedFieldsAreNamed() {
    JsonObject tx = valid.copy();
    tx.remove("meta");
    InvalidTransactionException missing = rejected(tx);
    assertEquals("missing-field", missing.reason());
    assertEquals("result.meta is missing", missing.getMessage());
    assertTrue(missing.signature() != null, "the signature is known by then");

    JsonObject wrong = valid.copy();
    meta(wrong).put("preBalances", "many");
    assertEquals("meta.preBalances must be an array, got String", rejected(wrong).getMessage());

    JsonObject badIndex = valid.copy();
    meta(badIndex).getJsonArray("postTokenBalances").getJsonObject(0).put("accountIndex", 9999);
    assertEquals("index-out-of-range", rejected(badIndex).reason());
  }

  @Test
  void absurdSizes() {
    TransactionParser small = new TransactionParser(1000);
    InvalidTransactionException tooLarge = assertThrows(InvalidTransactionException.class,
        () -> small.split(valid.encode()));
    assertEquals("too-large", tooLarge.reason());
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertEquals("malformed-json", rejected(deep).reason());
    assertEquals(0, parser.split("[]").size(), "an empty array is no transaction, not an error");
  }

  @Test
  void numbersBeyondU64() {
    JsonObject lamports = valid.copy();
    meta(lamports).getJsonArray("postBalances").set(0, new java.math.BigInteger("18446744073709551616"));
    assertEquals("number-out-of-range", rejected(lamports).reason());

    JsonObject amount = valid.copy();
    meta(amount).getJsonArray("postTokenBalances").getJsonObject(0).getJsonObject("uiTokenAmount")
        .put("amount", "18446744073709551616");
    InvalidTransactionException e = rejected(amount);
    assertEquals("number-out-of-range", e.reason());
    assertTrue(e.getMessage().contains("meta.postTokenBalances[0].uiTokenAmount.amount"), e.getMessage());

    JsonObject negative = valid.copy();
    negative.put("slot", -5);
    assertEquals("number-out-of-range", rejected(negative).reason());
  }

  @Test
  void nulCharactersAndInvalidBase58() {
    JsonObject nul = valid.copy();
    JsonArray keys = nul.getJsonObject("transaction").getJsonObject("message").getJsonArray("accountKeys");
    keys.set(0, keys.getString(0) + "\u0000");
    assertEquals("nul-character", rejected(nul).reason());

    JsonObject base58 = valid.copy();
    base58.getJsonObject("transaction").getJsonArray("signatures").set(0, "0OIl" + "1".repeat(80));
    InvalidTransactionException e = rejected(base58);
    assertEquals("invalid-base58", e.reason());
    assertEquals(null, e.signature());

    JsonObject shortKey = valid.copy();
    meta(shortKey).getJsonArray("preTokenBalances").getJsonObject(0).put("mint", "abc");
    assertEquals("invalid-base58", rejected(shortKey).reason());
  }

  @Test
  void rpcErrorsAndEmptyResults() {
    assertEquals("rpc-error", rejected("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602},\"id\":1}").reason());
    assertEquals("missing-field", rejected("{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":1}").reason());
  }
}
