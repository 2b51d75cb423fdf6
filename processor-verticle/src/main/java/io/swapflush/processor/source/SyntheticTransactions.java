package io.swapflush.processor.source;

import io.swapflush.parse.Base58;
import io.swapflush.parse.Mints;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Generates transactions in {@code getTransaction} form (encoding json, legacy) shaped like real
 * swaps: several venues, buys and sells, SOL and USDC quotes, bundles of several signers, and a few
 * failed transactions. The real parser reads them like any other input.
 */
public final class SyntheticTransactions {

  private static final String SYSTEM_PROGRAM = "11111111111111111111111111111111";
  private static final String TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
  private static final String JUPITER = "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4";
  /** Pools and the data of their swap instructions: a real discriminator, then two u64 amounts. */
  private static final List<String[]> AMMS = List.of(
      new String[] {"6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", "66063d1201daebea"},  // pump-fun buy
      new String[] {"pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA", "33e685a4017f83ad"},  // pump-amm sell
      new String[] {"675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", "09"},                // raydium-amm-v4 swap base in
      new String[] {"whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc", "f8c69e91e17587c8"},  // orca-whirlpool swap
      new String[] {"LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo", "f8c69e91e17587c8"}); // meteora-dlmm swap
  /** Jupiter v6 {@code route}. */
  private static final String JUPITER_ROUTE = "e517cb977ae3ad2a";
  private static final byte TOKEN_TRANSFER = 3;
  private static final long TOKEN_ACCOUNT_RENT = 2_039_280;
  private static final long FEE = 5_000;
  private static final int MINTS = 300;

  private final Random random;
  private final List<String> baseMints = new ArrayList<>();
  private final List<String> poolAuthorities = new ArrayList<>();
  private long slot = 300_000_000;

  public SyntheticTransactions(long seed) {
    this.random = new Random(seed);
    for (int i = 0; i < MINTS; i++) {
      baseMints.add(key());
      poolAuthorities.add(key());
    }
  }

  /** The next transaction as a JSON document. */
  public String next() {
    slot += random.nextInt(3);
    int pool = random.nextInt(MINTS);
    String baseMint = baseMints.get(pool);
    String authority = poolAuthorities.get(pool);
    boolean usdc = random.nextInt(4) == 0;
    String quoteMint = usdc ? Mints.USDC : Mints.SOL;
    boolean buy = random.nextBoolean();
    boolean failed = random.nextInt(33) == 0;
    int traders = random.nextInt(20) == 0 ? 2 + random.nextInt(3) : 1;
    boolean routed = random.nextInt(3) == 0;

    Tx tx = new Tx();
    long baseFlow = 0;
    long quoteFlow = 0;
    List<Integer> traderIndexes = new ArrayList<>();
    List<long[]> amounts = new ArrayList<>();
    for (int t = 0; t < traders; t++) {
      long quote = usdc ? 1_000_000L + (long) (random.nextDouble() * 5_000_000_000L)
          : 10_000_000L + (long) (random.nextDouble() * 20_000_000_000L);
      long base = 1_000L + (long) (random.nextDouble() * 900_000_000_000L);
      amounts.add(new long[] {base, quote});
      traderIndexes.add(tx.account(key(), 100_000_000L + quote + random.nextInt(1_000_000_000), 0));
    }
    List<int[]> tokenAccounts = new ArrayList<>();
    for (int t = 0; t < traders; t++) {
      int trader = traderIndexes.get(t);
      long base = amounts.get(t)[0];
      long quote = amounts.get(t)[1];
      long baseChange = failed ? 0 : buy ? base : -base;
      long quoteChange = failed ? 0 : buy ? -quote : quote;
      String owner = tx.keys.get(trader);
      long heldBase = buy ? 0 : base + random.nextInt(1_000_000);
      int baseAccount = tx.token(key(), TOKEN_ACCOUNT_RENT, 0, baseMint, owner, 6, heldBase, heldBase + baseChange);
      int quoteAccount = -1;
      if (usdc) {
        long heldQuote = buy ? quote + random.nextInt(1_000_000) : 0;
        quoteAccount = tx.token(key(), TOKEN_ACCOUNT_RENT, 0, Mints.USDC, owner, 6, heldQuote, heldQuote + quoteChange);
      } else {
        tx.post.set(trader, tx.post.getLong(trader) + quoteChange);
      }
      tokenAccounts.add(new int[] {baseAccount, quoteAccount});
      baseFlow += baseChange;
      quoteFlow += quoteChange;
    }
    tx.post.set(0, tx.post.getLong(0) - FEE);
    long vaultBase = 10_000_000_000_000L;
    long vaultQuote = 500_000_000_000L;
    int baseVault = tx.token(key(), TOKEN_ACCOUNT_RENT, 0, baseMint, authority, 6, vaultBase, vaultBase - baseFlow);
    int quoteVault = tx.token(key(), TOKEN_ACCOUNT_RENT + (usdc ? 0 : vaultQuote), usdc ? 0 : -quoteFlow, quoteMint,
        authority, usdc ? 6 : 9, vaultQuote, vaultQuote - quoteFlow);
    int poolAuthority = tx.account(authority, 0, 0);
    String[] amm = AMMS.get(random.nextInt(AMMS.size()));
    int ammIndex = tx.account(amm[0], 1_141_440, 0);
    int tokenProgram = tx.account(TOKEN_PROGRAM, 934_087_680, 0);
    tx.account(SYSTEM_PROGRAM, 1, 0);
    int jupiter = routed ? tx.account(JUPITER, 2_700_000, 0) : -1;
    JsonArray instructions = new JsonArray();
    JsonArray inner = new JsonArray();
    for (int t = 0; t < traders; t++) {
      int trader = traderIndexes.get(t);
      // the quote leaves or reaches the trader through an account it holds, or (SOL) a temporary one
      int quoteAccount = usdc ? tokenAccounts.get(t)[1] : tx.account(key(), 0, 0);
      int baseAccount = tokenAccounts.get(t)[0];
      long base = amounts.get(t)[0];
      long quote = amounts.get(t)[1];
      JsonArray calls = new JsonArray();
      int depth = routed ? 3 : 2;
      if (routed) {
        calls.add(instruction(ammIndex, List.of(trader, tokenProgram), swapData(amm[1], base, quote), 2));
      }
      calls.add(instruction(tokenProgram, buy ? List.of(quoteAccount, quoteVault, trader)
          : List.of(baseAccount, baseVault, trader), transferData(buy ? quote : base), depth));
      calls.add(instruction(tokenProgram, buy ? List.of(baseVault, baseAccount, poolAuthority)
          : List.of(quoteVault, quoteAccount, poolAuthority), transferData(buy ? base : quote), depth));
      instructions.add(routed
          ? instruction(jupiter, List.of(tokenProgram, trader, ammIndex), swapData(JUPITER_ROUTE, base, quote), null)
          : instruction(ammIndex, List.of(trader, tokenProgram), swapData(amm[1], base, quote), null));
      inner.add(new JsonObject().put("index", t).put("instructions", calls));
    }
    return tx.toJson(slot, traders, instructions, inner, failed);
  }

  private static JsonObject instruction(int program, List<Integer> accounts, byte[] data, Integer stackHeight) {
    return new JsonObject().put("programIdIndex", program).put("accounts", new JsonArray(new ArrayList<>(accounts)))
        .put("data", Base58.encode(data)).put("stackHeight", stackHeight);
  }

  private static byte[] swapData(String discriminator, long amountIn, long minimumOut) {
    byte[] tag = HexFormat.of().parseHex(discriminator);
    return ByteBuffer.allocate(tag.length + 16).order(ByteOrder.LITTLE_ENDIAN).put(tag).putLong(amountIn)
        .putLong(minimumOut).array();
  }

  private static byte[] transferData(long amount) {
    return ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put(TOKEN_TRANSFER).putLong(amount).array();
  }

  private String key() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    bytes[0] |= 1; // no leading zero byte, so every key is 43-44 characters like real ones
    return Base58.encode(bytes);
  }

  private String signature() {
    byte[] bytes = new byte[64];
    random.nextBytes(bytes);
    bytes[0] |= 1;
    return Base58.encode(bytes);
  }

  /** Accounts and balances of the transaction being built. */
  private final class Tx {
    final List<String> keys = new ArrayList<>();
    final JsonArray pre = new JsonArray();
    final JsonArray post = new JsonArray();
    final JsonArray preTokens = new JsonArray();
    final JsonArray postTokens = new JsonArray();

    int account(String key, long lamports, long change) {
      keys.add(key);
      pre.add(lamports);
      post.add(lamports + change);
      return keys.size() - 1;
    }

    int token(String key, long lamports, long lamportChange, String mint, String owner, int decimals,
        long before, long after) {
      int index = account(key, lamports, lamportChange);
      preTokens.add(tokenBalance(index, mint, owner, decimals, before));
      postTokens.add(tokenBalance(index, mint, owner, decimals, after));
      return index;
    }

    private JsonObject tokenBalance(int index, String mint, String owner, int decimals, long amount) {
      return new JsonObject().put("accountIndex", index).put("mint", mint).put("owner", owner)
          .put("programId", TOKEN_PROGRAM)
          .put("uiTokenAmount", new JsonObject().put("amount", Long.toString(amount)).put("decimals", decimals));
    }

    String toJson(long slot, int signers, JsonArray instructions, JsonArray inner, boolean failed) {
      JsonArray signatures = new JsonArray();
      for (int i = 0; i < signers; i++) {
        signatures.add(signature());
      }
      JsonObject meta = new JsonObject()
          .put("err", failed ? new JsonObject().put("InstructionError", new JsonArray().add(1)
              .add(new JsonObject().put("Custom", 6001))) : null)
          .put("fee", FEE)
          .put("preBalances", pre).put("postBalances", failed ? failedBalances() : post)
          .put("preTokenBalances", preTokens).put("postTokenBalances", failed ? preTokens : postTokens)
          .put("innerInstructions", inner).put("logMessages", new JsonArray())
          .put("loadedAddresses", new JsonObject().put("writable", new JsonArray()).put("readonly", new JsonArray()));
      JsonObject message = new JsonObject()
          .put("header", new JsonObject().put("numRequiredSignatures", signers)
              .put("numReadonlySignedAccounts", 0).put("numReadonlyUnsignedAccounts", 3))
          .put("accountKeys", new JsonArray(new ArrayList<>(keys)))
          .put("recentBlockhash", key())
          .put("instructions", instructions);
      return new JsonObject()
          .put("slot", slot).put("blockTime", System.currentTimeMillis() / 1000).put("version", "legacy")
          .put("meta", meta)
          .put("transaction", new JsonObject().put("signatures", signatures).put("message", message))
          .encode();
    }

    private JsonArray failedBalances() {
      JsonArray balances = pre.copy();
      balances.set(0, pre.getLong(0) - FEE);
      return balances;
    }
  }
}
