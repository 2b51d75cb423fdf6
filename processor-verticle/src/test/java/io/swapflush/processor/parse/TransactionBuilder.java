package io.swapflush.processor.parse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@code getTransaction} result (encoding json) instruction by instruction, for shapes the
 * real fixtures do not show: the instructions as they ran, the token balances they left, and every
 * other account's lamports unchanged (the fee payer's less the fee).
 */
final class TransactionBuilder {

  static final String CPMM = "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C";
  static final String JUPITER = "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4";
  private static final long FEE = 5_000;

  private final List<String> keys = new ArrayList<>();
  private final int signers;
  private final JsonArray topLevel = new JsonArray();
  private final JsonArray inner = new JsonArray();
  private final JsonArray preTokens = new JsonArray();
  private final JsonArray postTokens = new JsonArray();

  TransactionBuilder(String... signerKeys) {
    for (String signer : signerKeys) {
      index(signer);
    }
    this.signers = signerKeys.length;
  }

  /** A deterministic 32-byte key named by {@code name}. */
  static String key(String name) {
    try {
      return Base58.encode(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonObject instruction(String program, byte[] data, String... accounts) {
    JsonArray indexes = new JsonArray();
    for (String account : accounts) {
      indexes.add(index(account));
    }
    return new JsonObject().put("programIdIndex", index(program)).put("accounts", indexes)
        .put("data", Base58.encode(data));
  }

  /** A token {@code Transfer} of {@code amount} from {@code source} to {@code destination}. */
  JsonObject transfer(String source, String destination, String authority, long amount) {
    byte[] data = new byte[9];
    data[0] = 3;
    for (int i = 0; i < 8; i++) {
      data[1 + i] = (byte) (amount >>> (8 * i));
    }
    return instruction(Transfers.TOKEN_PROGRAM, data, source, destination, authority);
  }

  /** A top-level instruction and the instructions it called, each at {@code stackHeight} 2 unless nested. */
  TransactionBuilder run(JsonObject instruction, JsonObject... called) {
    JsonArray calls = new JsonArray();
    for (JsonObject call : called) {
      calls.add(call.containsKey("stackHeight") ? call : call.copy().put("stackHeight", 2));
    }
    if (!calls.isEmpty()) {
      inner.add(new JsonObject().put("index", topLevel.size()).put("instructions", calls));
    }
    topLevel.add(instruction);
    return this;
  }

  static JsonObject nested(JsonObject call, int stackHeight) {
    return call.copy().put("stackHeight", stackHeight);
  }

  TransactionBuilder tokenAccount(String account, String mint, String owner, long before, long after) {
    int index = index(account);
    preTokens.add(balance(index, mint, owner, before));
    postTokens.add(balance(index, mint, owner, after));
    return this;
  }

  String build() {
    JsonArray pre = new JsonArray();
    JsonArray post = new JsonArray();
    for (int i = 0; i < keys.size(); i++) {
      pre.add(5_000_000_000L);
      post.add(i == 0 ? 5_000_000_000L - FEE : 5_000_000_000L);
    }
    JsonObject message = new JsonObject().put("accountKeys", new JsonArray(new ArrayList<>(keys)))
        .put("instructions", topLevel)
        .put("header", new JsonObject().put("numRequiredSignatures", signers));
    byte[] signature = new byte[64];
    signature[0] = 1;
    return new JsonObject().put("slot", 1).put("blockTime", 1)
        .put("transaction", new JsonObject().put("signatures", new JsonArray().add(Base58.encode(signature)))
            .put("message", message))
        .put("meta", new JsonObject().put("err", null).put("fee", FEE).put("preBalances", pre).put("postBalances", post)
            .put("preTokenBalances", preTokens).put("postTokenBalances", postTokens).put("innerInstructions", inner))
        .encode();
  }

  private int index(String key) {
    int index = keys.indexOf(key);
    if (index < 0) {
      keys.add(key);
      index = keys.size() - 1;
    }
    return index;
  }

  private static JsonObject balance(int index, String mint, String owner, long amount) {
    return new JsonObject().put("accountIndex", index).put("mint", mint).put("owner", owner)
        .put("uiTokenAmount", new JsonObject().put("amount", Long.toString(amount)).put("decimals", 6));
  }
}
