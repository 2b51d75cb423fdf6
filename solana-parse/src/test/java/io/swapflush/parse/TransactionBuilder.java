package io.swapflush.parse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

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
  private final ArrayNode topLevel = JsonTrees.array();
  private final ArrayNode inner = JsonTrees.array();
  private final ArrayNode preTokens = JsonTrees.array();
  private final ArrayNode postTokens = JsonTrees.array();

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

  ObjectNode instruction(String program, byte[] data, String... accounts) {
    ObjectNode instruction = JsonTrees.object().put("programIdIndex", index(program));
    ArrayNode indexes = instruction.putArray("accounts");
    for (String account : accounts) {
      indexes.add(index(account));
    }
    return instruction.put("data", Base58.encode(data));
  }

  /** A token {@code Transfer} of {@code amount} from {@code source} to {@code destination}. */
  ObjectNode transfer(String source, String destination, String authority, long amount) {
    byte[] data = new byte[9];
    data[0] = 3;
    for (int i = 0; i < 8; i++) {
      data[1 + i] = (byte) (amount >>> (8 * i));
    }
    return instruction(Transfers.TOKEN_PROGRAM, data, source, destination, authority);
  }

  /** A top-level instruction and the instructions it called, each at {@code stackHeight} 2 unless nested. */
  TransactionBuilder run(ObjectNode instruction, ObjectNode... called) {
    ArrayNode calls = JsonTrees.array();
    for (ObjectNode call : called) {
      calls.add(call.has("stackHeight") ? call : nested(call, 2));
    }
    if (!calls.isEmpty()) {
      inner.addObject().put("index", topLevel.size()).set("instructions", calls);
    }
    topLevel.add(instruction);
    return this;
  }

  static ObjectNode nested(ObjectNode call, int stackHeight) {
    return call.deepCopy().put("stackHeight", stackHeight);
  }

  TransactionBuilder tokenAccount(String account, String mint, String owner, long before, long after) {
    int index = index(account);
    preTokens.add(balance(index, mint, owner, before));
    postTokens.add(balance(index, mint, owner, after));
    return this;
  }

  String build() {
    ObjectNode tx = JsonTrees.object().put("slot", 1).put("blockTime", 1);
    ObjectNode transaction = tx.putObject("transaction");
    byte[] signature = new byte[64];
    signature[0] = 1;
    transaction.putArray("signatures").add(Base58.encode(signature));
    ObjectNode message = transaction.putObject("message");
    keys.forEach(message.putArray("accountKeys")::add);
    message.set("instructions", topLevel);
    message.putObject("header").put("numRequiredSignatures", signers);
    ObjectNode meta = tx.putObject("meta").putNull("err").put("fee", FEE);
    ArrayNode pre = meta.putArray("preBalances");
    ArrayNode post = meta.putArray("postBalances");
    for (int i = 0; i < keys.size(); i++) {
      pre.add(5_000_000_000L);
      post.add(i == 0 ? 5_000_000_000L - FEE : 5_000_000_000L);
    }
    meta.set("preTokenBalances", preTokens);
    meta.set("postTokenBalances", postTokens);
    meta.set("innerInstructions", inner);
    return tx.toString();
  }

  private int index(String key) {
    int index = keys.indexOf(key);
    if (index < 0) {
      keys.add(key);
      index = keys.size() - 1;
    }
    return index;
  }

  private static ObjectNode balance(int index, String mint, String owner, long amount) {
    ObjectNode balance = JsonTrees.object().put("accountIndex", index).put("mint", mint).put("owner", owner);
    balance.putObject("uiTokenAmount").put("amount", Long.toString(amount)).put("decimals", 6);
    return balance;
  }
}
