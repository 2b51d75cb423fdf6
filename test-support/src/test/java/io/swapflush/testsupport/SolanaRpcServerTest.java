package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The answers of a node: getSlot, getBlocks, getBlock and their errors, the JSON-RPC framing. */
class SolanaRpcServerTest extends ServerPerTest {

  private static final JsonObject FULL = new JsonObject().put("encoding", "json").put("transactionDetails", "full")
      .put("rewards", false).put("maxSupportedTransactionVersion", 0);

  @Test
  void getSlotAnswersTheHeadAtTheCommitmentAskedFinalizedByDefault() {
    server.setHead(120).setHead(Commitment.CONFIRMED, 150).setHead(Commitment.PROCESSED, 152);

    assertEquals(120, rpc.result("getSlot"));
    assertEquals(150, rpc.result("getSlot", new JsonObject().put("commitment", "confirmed")));
    assertEquals(152, rpc.result("getSlot", new JsonObject().put("commitment", "processed")));
    server.setHead(Commitment.FINALIZED, server.head(Commitment.FINALIZED) + 1);
    assertEquals(121, rpc.result("getSlot", new JsonObject().put("commitment", "finalized")));
    JsonObject error = rpc.error("getSlot", new JsonObject().put("commitment", "soon"));
    assertEquals(-32602, error.getInteger("code"));
  }

  @Test
  void getBlocksListsTheSlotsWithABlockUpToTheHeadWithoutTheSkippedOnes() {
    server.addBlocks(new ChainBuilder(1_000, new Random(1)).skip(slot -> slot % 5 == 2).next(30)).setHead(1_020);

    assertEquals(new JsonArray(List.of(1_000, 1_001, 1_003, 1_004, 1_005, 1_006, 1_008)),
        rpc.result("getBlocks", 1_000, 1_008));
    assertEquals(new JsonArray(List.of(1_018, 1_019, 1_020)), rpc.result("getBlocks", 1_017),
        "without an end slot: up to the head, not the blocks above it");
    assertEquals(new JsonArray(List.of(1_018, 1_019, 1_020)), rpc.result("getBlocks", 1_017, 1_029));
    assertEquals(new JsonArray(), rpc.result("getBlocks", 1_021, 1_029), "all above the head");
    server.setHead(Commitment.CONFIRMED, 1_024);
    assertEquals(new JsonArray(List.of(1_023, 1_024)),
        rpc.result("getBlocks", 1_022, 1_026, new JsonObject().put("commitment", "confirmed")));
    assertEquals(new JsonArray(List.of(1_023, 1_024)),
        rpc.result("getBlocks", 1_022, new JsonObject().put("commitment", "confirmed")), "the config in second place");
  }

  @Test
  void getBlocksLeavesOutAnUnlistedSlotWhileGetBlockStillServesIt() {
    server.addBlocks(new ChainBuilder(1_000, new Random(1)).next(5)).setHead(1_004);

    server.unlist(1_002);
    assertEquals(new JsonArray(List.of(1_000, 1_001, 1_003, 1_004)), rpc.result("getBlocks", 1_000, 1_004));
    assertEquals(new JsonArray(), rpc.result("getBlocks", 1_002, 1_002));
    assertEquals(1_001, ((JsonObject) rpc.result("getBlock", 1_002, FULL)).getLong("parentSlot"));

    server.relist(1_002);
    assertEquals(new JsonArray(List.of(1_000, 1_001, 1_002, 1_003, 1_004)), rpc.result("getBlocks", 1_000, 1_004));
  }

  @Test
  void getBlocksRefusesProcessedAndRangesOverFiveHundredThousandSlots() {
    server.setHead(2_000_000);

    assertEquals(new JsonObject().put("code", -32602).put("message", "Slot range too large; max 500000"),
        rpc.error("getBlocks", 0, 500_001));
    assertEquals(new JsonArray(), rpc.result("getBlocks", 0, 500_000));
    assertEquals(new JsonObject().put("code", -32602).put("message", "Method does not support commitment below `confirmed`"),
        rpc.error("getBlocks", 0, new JsonObject().put("commitment", "processed")));
  }

  @Test
  void getBlockServesARealBlockAsGivenWithRewardsAndVersionsAsAsked() {
    JsonObject block = BlockTransactions.realBlock("block_100000000_json.json");
    server.addBlock(100_000_000, block).setHead(100_000_005);

    assertEquals(block, rpc.result("getBlock", 100_000_000), "no config: rewards shown, no version field");
    JsonObject served = (JsonObject) rpc.result("getBlock", 100_000_000, FULL);
    assertFalse(served.containsKey("rewards"));
    assertEquals(block.getJsonArray("transactions").size(), served.getJsonArray("transactions").size());
    for (int i = 0; i < served.getJsonArray("transactions").size(); i++) {
      JsonObject entry = served.getJsonArray("transactions").getJsonObject(i);
      assertEquals("legacy", entry.getValue("version"));
      JsonObject withoutVersion = entry.copy();
      withoutVersion.remove("version");
      assertEquals(block.getJsonArray("transactions").getJsonObject(i), withoutVersion);
    }
    assertEquals(block.getString("blockhash"), served.getString("blockhash"));
    assertEquals(block.getLong("parentSlot"), served.getLong("parentSlot"));
    JsonObject signatures = (JsonObject) rpc.result("getBlock", 100_000_000,
        new JsonObject().put("transactionDetails", "signatures").put("rewards", false));
    assertEquals(BlockTransactions.signature(block.getJsonArray("transactions").getJsonObject(0)),
        signatures.getJsonArray("signatures").getString(0));
    assertFalse(signatures.containsKey("transactions"));
  }

  @Test
  void getBlockOfAV0BlockNeedsMaxSupportedTransactionVersion() {
    JsonObject block = BlockTransactions.realBlock("block_154808473_v0.json");
    server.addBlock(154_808_473, block).setHead(154_808_480);

    assertEquals(new JsonObject().put("code", -32015).put("message", "Transaction version (0) is not supported by the "
            + "requesting client. Please try the request again with the following configuration parameter: "
            + "\"maxSupportedTransactionVersion\": 0"),
        rpc.error("getBlock", 154_808_473, new JsonObject().put("encoding", "json").put("rewards", false)));
    assertEquals(block, rpc.result("getBlock", 154_808_473, FULL), "with it, the block as given, version 0 shown");
    assertTrue(((JsonObject) rpc.result("getBlock", 154_808_473, new JsonObject().put("transactionDetails", "none")))
        .fieldNames().stream().noneMatch(name -> name.equals("transactions") || name.equals("signatures")));
  }

  @Test
  void getBlockAnswersNotAvailableAboveTheHeadAndSkippedForAnEmptyRootedSlot() {
    server.addBlocks(new ChainBuilder(500, new Random(2)).skip(slot -> slot == 503).next(10)).setHead(505)
        .setHead(Commitment.CONFIRMED, 508);

    assertEquals(new JsonObject().put("code", -32004).put("message", "Block not available for slot 506"),
        rpc.error("getBlock", 506, FULL), "above the finalized head, asked at finalized");
    assertEquals(506L, ((JsonObject) rpc.result("getBlock", 506, FULL.copy().put("commitment", "confirmed")))
        .getLong("parentSlot") + 1, "up to the confirmed head, asked at confirmed");
    assertEquals(-32004, rpc.error("getBlock", 509, FULL.copy().put("commitment", "confirmed")).getInteger("code"));
    assertEquals(new JsonObject().put("code", -32007)
            .put("message", "Slot 503 was skipped, or missing due to ledger jump to recent snapshot"),
        rpc.error("getBlock", 503, FULL));
    server.skip(504);
    assertEquals(-32007, rpc.error("getBlock", 504, FULL).getInteger("code"));
    assertEquals("Method does not support commitment below `confirmed`",
        rpc.error("getBlock", 501, FULL.copy().put("commitment", "processed")).getString("message"));
  }

  @Test
  void belowTheFirstAvailableSlotLongTermStorageAnswersOrTheNodeHasCleanedUp() {
    server.addBlocks(new ChainBuilder(10, new Random(3)).skip(slot -> slot == 12).next(20)).setHead(29)
        .setFirstAvailableSlot(20, true);

    assertEquals(11L, ((JsonObject) rpc.result("getBlock", 11, FULL)).getLong("blockHeight"));
    assertEquals(new JsonObject().put("code", -32009).put("message", "Slot 12 was skipped, or missing in long-term storage"),
        rpc.error("getBlock", 12, FULL));
    assertEquals(new JsonArray(List.of(10, 11, 13)), rpc.result("getBlocks", 10, 13));

    server.setFirstAvailableSlot(20, false);
    assertEquals(new JsonObject().put("code", -32001)
            .put("message", "Block 11 cleaned up, does not exist on node. First available block: 20"),
        rpc.error("getBlock", 11, FULL));
    assertEquals(new JsonArray(List.of(20, 21)), rpc.result("getBlocks", 10, 21));
  }

  @Test
  void answersJsonRpcErrorsForUnknownMethodsBadJsonAndBadRequests() {
    assertEquals(new JsonObject().put("code", -32601).put("message", "Method not found"), rpc.error("getBlockz", 1));
    assertEquals(new JsonObject().put("jsonrpc", "2.0")
            .put("error", new JsonObject().put("code", -32700).put("message", "Parse error")).putNull("id"),
        Await.result(rpc.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getSlot\"")).json());
    assertEquals(-32600, Await.result(rpc.post("{\"id\":1,\"method\":\"getSlot\"}")).json()
        .getJsonObject("error").getInteger("code"), "no jsonrpc member");
    assertEquals(-32600, Await.result(rpc.post("[]")).json().getJsonObject("error").getInteger("code"));
    assertEquals(-32602, rpc.error("getBlock").getInteger("code"), "no slot");
    assertEquals(-32602, rpc.error("getBlock", "one").getInteger("code"));
    assertEquals(-32602, rpc.error("getBlock", 1, new JsonObject().put("rewards", "no")).getInteger("code"));
  }

  @Test
  void aBatchIsAnsweredWithAnArrayInOrderWithoutTheNotifications() {
    server.addBlocks(new ChainBuilder(40, new Random(4)).next(3)).setHead(42);
    String batch = new JsonArray()
        .add(new JsonObject(rpc.request("getSlot")))
        .add(new JsonObject(rpc.request("getBlocks", 40)))
        .add(new JsonObject().put("jsonrpc", "2.0").put("method", "getSlot"))
        .add(new JsonObject(rpc.request("nope")))
        .encode();

    JsonArray answers = Await.result(rpc.post(batch)).body().toJsonArray();

    assertEquals(3, answers.size());
    assertEquals(42, answers.getJsonObject(0).getValue("result"));
    assertEquals(new JsonArray(List.of(40, 41, 42)), answers.getJsonObject(1).getValue("result"));
    assertEquals(-32601, answers.getJsonObject(2).getJsonObject("error").getInteger("code"));
    assertEquals(3, server.requests("getSlot") + server.requests("getBlocks"), "the notification counts too");
    assertEquals(1, server.httpRequests());
  }

  @Test
  void countsCallsByMethodAndTheBytesItSends() {
    server.addBlocks(new ChainBuilder(7, new Random(5)).next(2)).setHead(8);
    long received = 0;
    for (int i = 0; i < 3; i++) {
      received += Await.result(rpc.post(rpc.request("getBlock", 7, FULL))).body().length();
    }
    received += Await.result(rpc.post(rpc.request("getSlot"))).body().length();

    assertEquals(3, server.requests("getBlock"));
    assertEquals(1, server.requests("getSlot"));
    assertEquals(0, server.requests("getBlocks"));
    assertEquals(received, server.bytesSent());
    assertEquals(new JsonArray(List.of(7, FULL)), server.lastParams("getBlock"));
    assertNull(server.lastParams("getBlocks"));
  }
}
