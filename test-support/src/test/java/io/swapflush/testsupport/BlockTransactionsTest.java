package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Block entries from the real fixtures, fresh signatures, and the benchmark's real-size block. */
class BlockTransactionsTest {

  private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  @Test
  void everySwapFixtureIsABlockEntryWithoutSlotOrBlockTime() {
    Map<String, JsonObject> swaps = BlockTransactions.swaps();

    assertEquals(20, swaps.size(), swaps.keySet().toString());
    swaps.values().forEach(entry -> {
      assertTrue(Set.of("transaction", "meta", "version").containsAll(entry.fieldNames()), entry.fieldNames().toString());
      assertTrue(entry.containsKey("transaction") && entry.containsKey("meta"));
    });
    assertEquals("3aQZsNRUbNXpH54GQEaxFpWZsmL554cYGGtWqqoypz8b6LUDYprbRd9AwgivXRLtFBYCU6MU6e9ANurwP8dCMV6",
        BlockTransactions.signature(BlockTransactions.swap("jeffro__raydiumLiquidityPoolV4_swap_0.json")));
    assertTrue(BlockTransactions.isJsonParsed(BlockTransactions.swap("jupag__tx-2kai9Wa4rc43.json")));
    assertTrue(BlockTransactions.jsonEncodedSwaps().stream().noneMatch(BlockTransactions::isJsonParsed));
  }

  @Test
  void votesComeFromTheRealJsonBlocks() {
    List<JsonObject> votes = BlockTransactions.votes();

    assertEquals(6 + 15, votes.size());
    votes.forEach(vote -> assertTrue(isVote(vote), vote.encode()));
  }

  @Test
  void aFreshSignatureIsANewValid64ByteBase58KeyAndTheRestIsUnchanged() {
    JsonObject swap = BlockTransactions.swap("jeffro__pumpfun_buy_0.json");
    Set<String> signatures = new HashSet<>();

    for (int i = 0; i < 200; i++) {
      JsonObject fresh = BlockTransactions.withFreshSignature(swap);
      String signature = BlockTransactions.signature(fresh);
      assertEquals(64, decodedLength(signature), signature);
      assertTrue(signatures.add(signature));
      JsonObject same = fresh.copy();
      same.getJsonObject("transaction").getJsonArray("signatures").set(0, BlockTransactions.signature(swap));
      assertEquals(swap, same);
    }
    assertFalse(signatures.contains(BlockTransactions.signature(swap)));
  }

  @Test
  void base58MatchesSolanasKeys() {
    assertEquals("11111111111111111111111111111111", Base58.encode(new byte[32]));
    assertEquals("So11111111111111111111111111111111111111112",
        Base58.encode(new BigInteger("069b8857feab8184fb687f634618c035dac439dc1aeb3b5598a0f00000000001", 16).toByteArray()));
  }

  @Test
  void aRealSizeBlockIsMostlyVotesAndSevenToTwelveMegabytes() {
    List<JsonObject> entries = RealSizeBlocks.transactions(new Random(21));
    JsonObject block = new ChainBuilder(300_000_000).transactions(slot -> entries).next(1).firstEntry().getValue();

    long votes = entries.stream().filter(BlockTransactionsTest::isVote).count();
    int bytes = block.toBuffer().length();

    assertEquals(RealSizeBlocks.TRANSACTIONS, block.getJsonArray("transactions").size());
    assertEquals(0.7, votes / (double) entries.size(), 0.01);
    assertTrue(bytes >= 7_000_000 && bytes <= 12_000_000, bytes + " bytes");
    assertEquals(entries.size(), entries.stream().map(BlockTransactions::signature).distinct().count());
    assertFalse(new JsonArray(entries).stream().anyMatch(entry -> BlockTransactions.isJsonParsed((JsonObject) entry)));
  }

  private static boolean isVote(JsonObject entry) {
    return entry.getJsonObject("transaction").getJsonObject("message").getJsonArray("accountKeys")
        .contains("Vote111111111111111111111111111111111111111");
  }

  private static int decodedLength(String base58) {
    BigInteger value = BigInteger.ZERO;
    for (char c : base58.toCharArray()) {
      assertTrue(ALPHABET.indexOf(c) >= 0, base58);
      value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(ALPHABET.indexOf(c)));
    }
    int zeros = 0;
    while (zeros < base58.length() && base58.charAt(zeros) == '1') {
      zeros++;
    }
    return zeros + (value.bitLength() + 7) / 8;
  }
}
