package io.swapflush.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.swapflush.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real mainnet getBlock results: their shape, votes and transactions that move no token left out. */
class BlockReaderTest {

  private static SolanaBlock read(String file, long slot) throws Exception {
    Path blocks = Fixtures.solanaDir().resolveSibling("solana-blocks");
    String result = Files.readString(blocks.resolve(file));
    String response = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":" + result + "}";
    return BlockReader.read(response.getBytes(StandardCharsets.UTF_8), slot);
  }

  @Test
  void aBlockIsReadWithItsLinksAndItsTransactionsCarryTheSlotAndTime() throws Exception {
    SolanaBlock block = read("block_100000000_json.json", 100_000_000);
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
    SolanaBlock block = read("block_after_1021084_no_blocktime.json", 1_021_085);
    assertNull(block.blockTime());
    assertEquals(Map.of("vote", 15), block.skipped());
    assertEquals("11111111111111111111111111111111", block.previousBlockhash());
  }

  @Test
  void aV0TransactionThatMovesTokensIsKept() throws Exception {
    SolanaBlock block = read("block_154808473_v0.json", 154_808_473);
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
}
