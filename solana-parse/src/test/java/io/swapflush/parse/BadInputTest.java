package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swapflush.testsupport.Fixtures;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every kind of bad input is an InvalidTransactionException with a reason and a message that names the place. */
class BadInputTest {

  private final TransactionParser parser = new TransactionParser(1 << 20);
  private final ObjectNode valid = JsonTrees.read(Fixtures.solanaTransaction(EditedFixtures.JITO_TIP_SELL));

  private InvalidTransactionException rejected(String document) {
    return assertThrows(InvalidTransactionException.class, () -> parser.split(document).forEach(parser::parse));
  }

  private InvalidTransactionException rejected(ObjectNode tx) {
    return rejected(tx.toString());
  }

  @Test
  void malformedJson() {
    assertEquals("malformed-json", rejected("{\"slot\": 1,").reason());
    assertEquals("malformed-json", rejected("not json at all").reason());
    assertEquals("wrong-type", rejected("42").reason());
    // a lead byte of a two-byte sequence inside the signature, followed by an ASCII byte
    String text = valid.toString();
    byte[] invalidUtf8 = text.getBytes(StandardCharsets.UTF_8);
    invalidUtf8[text.indexOf(valid.at("/transaction/signatures/0").asText())] = (byte) 0xC3;
    InvalidTransactionException notUtf8 = assertThrows(InvalidTransactionException.class,
        () -> parser.split(invalidUtf8).forEach(parser::parse));
    assertEquals("malformed-json", notUtf8.reason());
    assertTrue(notUtf8.getMessage().contains("UTF-8"), notUtf8.getMessage());
  }

  @Test
  void missingAndWrongTypedFieldsAreNamed() {
    ObjectNode tx = valid.deepCopy();
    tx.remove("meta");
    InvalidTransactionException missing = rejected(tx);
    assertEquals("missing-field", missing.reason());
    assertEquals("result.meta is missing", missing.getMessage());
    assertTrue(missing.signature() != null, "the signature is known by then");

    ObjectNode wrong = valid.deepCopy();
    wrong.withObject("/meta").put("preBalances", "many");
    assertEquals("meta.preBalances must be an array, got String", rejected(wrong).getMessage());

    ObjectNode badIndex = valid.deepCopy();
    badIndex.withObject("/meta/postTokenBalances/0").put("accountIndex", 9999);
    assertEquals("index-out-of-range", rejected(badIndex).reason());
  }

  @Test
  void absurdSizes() {
    TransactionParser small = new TransactionParser(1000);
    InvalidTransactionException tooLarge = assertThrows(InvalidTransactionException.class,
        () -> small.split(valid.toString()));
    assertEquals("too-large", tooLarge.reason());
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertEquals("malformed-json", rejected(deep).reason());
    assertEquals(0, parser.split("[]").size(), "an empty array is no transaction, not an error");
  }

  @Test
  void numbersBeyondU64() {
    ObjectNode lamports = valid.deepCopy();
    lamports.withArray("/meta/postBalances").set(0, new BigInteger("18446744073709551616"));
    assertEquals("number-out-of-range", rejected(lamports).reason());

    ObjectNode amount = valid.deepCopy();
    amount.withObject("/meta/postTokenBalances/0/uiTokenAmount").put("amount", "18446744073709551616");
    InvalidTransactionException e = rejected(amount);
    assertEquals("number-out-of-range", e.reason());
    assertTrue(e.getMessage().contains("meta.postTokenBalances[0].uiTokenAmount.amount"), e.getMessage());

    ObjectNode negative = valid.deepCopy();
    negative.put("slot", -5);
    assertEquals("number-out-of-range", rejected(negative).reason());
  }

  @Test
  void nulCharactersAndInvalidBase58() {
    ObjectNode nul = valid.deepCopy();
    ArrayNode keys = nul.withArray("/transaction/message/accountKeys");
    keys.set(0, keys.get(0).asText() + "\u0000");
    assertEquals("nul-character", rejected(nul).reason());

    ObjectNode base58 = valid.deepCopy();
    base58.withArray("/transaction/signatures").set(0, "0OIl" + "1".repeat(80));
    InvalidTransactionException e = rejected(base58);
    assertEquals("invalid-base58", e.reason());
    assertEquals(null, e.signature());

    ObjectNode shortKey = valid.deepCopy();
    shortKey.withObject("/meta/preTokenBalances/0").put("mint", "abc");
    assertEquals("invalid-base58", rejected(shortKey).reason());
  }

  @Test
  void rpcErrorsAndEmptyResults() {
    assertEquals("rpc-error", rejected("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602},\"id\":1}").reason());
    assertEquals("missing-field", rejected("{\"jsonrpc\":\"2.0\",\"result\":null,\"id\":1}").reason());
  }
}
