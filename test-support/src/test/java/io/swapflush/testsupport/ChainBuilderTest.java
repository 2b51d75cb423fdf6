package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chains linked as Solana links them, and forks of them served in place of the old branch. */
class ChainBuilderTest {

  @Test
  void eachBlockLinksToThePreviousSlotThatHasOne() {
    JsonObject transaction = new JsonObject().put("transaction", new JsonObject()).put("meta", new JsonObject());
    ChainBuilder chain = new ChainBuilder(1_000, new Random(11)).skip(slot -> slot % 4 == 1)
        .transactions(slot -> List.of(transaction));

    NavigableMap<Long, JsonObject> blocks = chain.next(10);
    blocks.putAll(chain.next(5));

    assertEquals(List.of(1_000L, 1_002L, 1_003L, 1_004L, 1_006L, 1_007L, 1_008L, 1_010L, 1_011L, 1_012L, 1_014L),
        List.copyOf(blocks.keySet()));
    assertEquals(1_015, chain.nextSlot());
    assertLinked(blocks);
    assertEquals(999L, blocks.firstEntry().getValue().getLong("parentSlot"));
    assertEquals(1, blocks.get(1_014L).getJsonArray("transactions").size());
  }

  @Test
  void aForkHasNewHashesFromItsSlotOnAndLinksToTheOldChainBeforeIt() {
    ChainBuilder chain = new ChainBuilder(200, new Random(12));
    NavigableMap<Long, JsonObject> main = chain.next(20);

    NavigableMap<Long, JsonObject> branch = chain.fork(210).skip(slot -> slot == 210).next(12);

    assertEquals(211L, branch.firstKey());
    assertEquals(209L, branch.get(211L).getLong("parentSlot"));
    assertEquals(main.get(209L).getString("blockhash"), branch.get(211L).getString("previousBlockhash"));
    assertNotEquals(main.get(211L).getString("blockhash"), branch.get(211L).getString("blockhash"));
    assertEquals(221L, branch.lastKey());
    assertLinked(branch);
    assertThrows(IllegalArgumentException.class, () -> chain.fork(230), "beyond what the chain has made");
  }

  @Test
  void theServerServesTheForkInPlaceOfTheOldBranch() {
    Vertx vertx = Vertx.vertx();
    try (SolanaRpcServer server = SolanaRpcServer.start(vertx)) {
      RpcClient rpc = new RpcClient(vertx, server);
      ChainBuilder chain = new ChainBuilder(50, new Random(13));
      NavigableMap<Long, JsonObject> main = chain.next(10);
      server.addBlocks(main).setHead(59);

      server.replaceFrom(55, chain.fork(55).skip(slot -> slot == 56).next(7)).setHead(61);

      assertEquals(new JsonArray(List.of(53, 54, 55, 57, 58, 59, 60, 61)), rpc.result("getBlocks", 53));
      JsonObject after = (JsonObject) rpc.result("getBlock", 57);
      JsonObject fork = (JsonObject) rpc.result("getBlock", 55);
      assertEquals(main.get(54L).getString("blockhash"), fork.getString("previousBlockhash"));
      assertNotEquals(main.get(55L).getString("blockhash"), fork.getString("blockhash"));
      assertEquals(fork.getString("blockhash"), after.getString("previousBlockhash"));
      assertEquals(-32007, rpc.error("getBlock", 56).getInteger("code"), "the old branch's block is gone");
    } finally {
      Await.result(vertx.close());
    }
  }

  private static void assertLinked(NavigableMap<Long, JsonObject> blocks) {
    Map.Entry<Long, JsonObject> previous = null;
    for (Map.Entry<Long, JsonObject> entry : blocks.entrySet()) {
      JsonObject block = entry.getValue();
      assertTrue(block.getString("blockhash").length() >= 32, block.encode());
      if (previous != null) {
        assertEquals(previous.getKey(), block.getLong("parentSlot"));
        assertEquals(previous.getValue().getString("blockhash"), block.getString("previousBlockhash"));
        assertEquals(previous.getValue().getLong("blockHeight") + 1, block.getLong("blockHeight"));
        assertTrue(block.getLong("blockTime") >= previous.getValue().getLong("blockTime"));
      }
      previous = entry;
    }
  }
}
