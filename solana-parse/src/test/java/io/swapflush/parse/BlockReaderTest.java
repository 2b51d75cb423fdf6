package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swapflush.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Real mainnet getBlock results: their shape, votes and transactions that move no token left out;
 * a transaction no node would send fails the block.
 */
class BlockReaderTest {

  private static final String BLOCK = "block_100000000_json.json";
  private static final long SLOT = 100_000_000;
  /** In {@link #BLOCK}: a token transfer, the one transaction kept, and a transaction that moves no token. */
  private static final int TOKEN_TRANSFER = 6;
  private static final int NO_TOKEN = 7;

  private static SolanaBlock<Object> read(String file, long slot) throws Exception {
    return BlockReader.read(response(Files.readString(blocks().resolve(file))), slot);
  }

  private static Path blocks() {
    return Fixtures.solanaDir().resolveSibling("solana-blocks");
  }

  private static byte[] response(String result) {
    return ("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aBlockIsReadWithItsLinksAndItsTransactionsCarryTheSlotAndTime() throws Exception {
    SolanaBlock<Object> block = read("block_100000000_json.json", 100_000_000);
    assertEquals(99_999_999, block.parentSlot());
    assertEquals(1_633_504_705L, block.blockTime());
    assertEquals(10, block.transactions().size() + block.skipped().values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(6, block.skipped().get("vote"), "the publisher's README counts 6 votes");
    for (Object tx : block.transactions()) {
      assertEquals(100_000_000L, ((Map<?, ?>) tx).get("slot"));
      assertEquals(1_633_504_705L, ((Map<?, ?>) tx).get("blockTime"));
    }
  }

  @Test
  void theSameBlockInJsonParsedSkipsTheSameTransactions() throws Exception {
    assertEquals(read("block_100000000_json.json", 100_000_000).skipped(),
        read("block_100000000_jsonparsed.json", 100_000_000).skipped());
  }

  @Test
  void anEarlyBlockHasNoTimeAndOnlyVotes() throws Exception {
    SolanaBlock<Object> block = read("block_after_1021084_no_blocktime.json", 1_021_085);
    assertNull(block.blockTime());
    assertEquals(Map.of("vote", 15), block.skipped());
    assertEquals("11111111111111111111111111111111", block.previousBlockhash());
  }

  @Test
  void aV0TransactionThatMovesTokensIsKept() throws Exception {
    SolanaBlock<Object> block = read("block_154808473_v0.json", 154_808_473);
    assertEquals(1, block.transactions().size());
  }

  @Test
  void anErrorAnswerIsAJsonRpcError() {
    byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32004,\"message\":\"Block not available for slot 5\"}}"
        .getBytes(StandardCharsets.UTF_8);
    assertEquals(-32004, assertThrows(JsonRpcError.class, () -> BlockReader.read(body, 5)).code());
    byte[] wrong = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"block\"}".getBytes(StandardCharsets.UTF_8);
    assertThrows(InvalidTransactionException.class, () -> BlockReader.read(wrong, 5));
  }

  @Test
  void aTransactionWithoutMetaFailsTheBlock() {
    InvalidTransactionException e = rejected(TOKEN_TRANSFER, entry -> entry.remove("meta"));
    assertEquals("missing-field", e.reason());
    assertEquals(named(TOKEN_TRANSFER) + ": meta is missing", e.getMessage());
    assertEquals(signature(TOKEN_TRANSFER), e.signature());
  }

  @Test
  void aTransactionWithANullMetaFailsTheBlock() {
    InvalidTransactionException e = rejected(TOKEN_TRANSFER, entry -> entry.putNull("meta"));
    assertEquals("missing-field", e.reason());
    assertEquals(named(TOKEN_TRANSFER) + ": meta is missing", e.getMessage());
  }

  @Test
  void aWrongTypedFieldFailsTheBlock() {
    InvalidTransactionException e = rejected(TOKEN_TRANSFER,
        entry -> entry.withObject("/meta").put("preBalances", "many"));
    assertEquals("wrong-type", e.reason());
    assertEquals(named(TOKEN_TRANSFER) + ": meta.preBalances must be an array, got String", e.getMessage());
  }

  @Test
  void aWrongTypedFieldInsideATokenBalanceOrAnInstructionFailsTheBlock() {
    InvalidTransactionException amount = rejected(TOKEN_TRANSFER, entry -> ((ObjectNode) entry
        .withArray("/meta/postTokenBalances").get(0).get("uiTokenAmount")).put("amount", 5));
    assertEquals(named(TOKEN_TRANSFER) + ": meta.postTokenBalances[0].uiTokenAmount.amount must be a string, got "
        + "Integer", amount.getMessage());
    InvalidTransactionException program = rejected(TOKEN_TRANSFER, entry -> ((ObjectNode) entry
        .withArray("/transaction/message/instructions").get(0)).put("programIdIndex", 999));
    assertEquals("index-out-of-range", program.reason());
    assertTrue(program.getMessage().contains("message.instructions[0].programIdIndex = 999"), program.getMessage());
  }

  @Test
  void aTransactionThatWouldBeSkippedIsCheckedFirst() {
    InvalidTransactionException e = rejected(NO_TOKEN, entry -> entry.withArray("/meta/postBalances").set(0, "1"));
    assertEquals("wrong-type", e.reason());
    assertEquals(named(NO_TOKEN) + ": meta.postBalances[0] must be a number, got String", e.getMessage());
  }

  @Test
  void anEntryThatIsNoObjectFailsTheBlock() {
    ObjectNode block = JsonTrees.read(blocks().resolve(BLOCK));
    block.withArray("/transactions").set(TOKEN_TRANSFER, "a transaction");
    InvalidTransactionException e = assertThrows(InvalidTransactionException.class,
        () -> BlockReader.read(response(block.toString()), SLOT));
    assertEquals("wrong-type", e.reason());
    assertEquals("slot 100000000, transaction 6: the entry must be an object, got String", e.getMessage());
    assertNull(e.signature());
  }

  /** {@link #BLOCK} read with its transaction {@code index} edited. */
  private static InvalidTransactionException rejected(int index, Consumer<ObjectNode> edit) {
    ObjectNode block = JsonTrees.read(blocks().resolve(BLOCK));
    edit.accept((ObjectNode) block.withArray("/transactions").get(index));
    return assertThrows(InvalidTransactionException.class, () -> BlockReader.read(response(block.toString()), SLOT));
  }

  private static String named(int index) {
    return "slot 100000000, transaction " + index + " " + signature(index);
  }

  private static String signature(int index) {
    return JsonTrees.read(blocks().resolve(BLOCK)).at("/transactions/" + index + "/transaction/signatures/0").asText();
  }
}
