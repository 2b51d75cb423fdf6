package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.swapflush.geyser.SubscribeUpdateTransactionInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixtures' protobuf form, checked apart from the stream: bytes, headers, errors and decoded instructions. */
class GeyserTransactionsTest {

  @Test
  void base58DecodesWhatItEncodes() {
    Random random = new Random(23);
    for (int size : new int[] {0, 1, 32, 64, 300}) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      if (size > 2) {
        bytes[0] = 0;
        bytes[1] = 0;
      }
      assertArrayEquals(bytes, Base58.decode(Base58.encode(bytes)), "size " + size);
    }
    assertEquals(32, Base58.decode("11111111111111111111111111111111").length);
  }

  @Test
  void everySwapFixtureConverts() {
    BlockTransactions.swaps().forEach((file, entry) -> {
      SubscribeUpdateTransactionInfo info = GeyserTransactions.info(entry, 3);
      JsonArray signatures = entry.getJsonObject("transaction").getJsonArray("signatures");
      assertEquals(signatures.size(), info.getTransaction().getSignaturesCount(), file);
      assertEquals(signatures.size(), info.getTransaction().getMessage().getHeader().getNumRequiredSignatures(), file);
      assertEquals(64, info.getSignature().size(), file);
      info.getTransaction().getMessage().getAccountKeysList().forEach(key -> assertEquals(32, key.size(), file));
      assertEquals(entry.getValue("version") instanceof Number, info.getTransaction().getMessage().getVersioned(), file);
      assertEquals(entry.getJsonObject("meta").getValue("err") != null, info.getMeta().hasErr(), file);
      assertFalse(info.getIsVote(), file);
      assertEquals(3, info.getIndex());
    });
  }

  @Test
  void anInstructionErrorIsBincode() {
    SubscribeUpdateTransactionInfo info = GeyserTransactions.info(BlockTransactions.swap("metamask__failed-swap.json"), 0);
    // TransactionError::InstructionError (8), instruction 6, InstructionError::Custom (25), code 1
    assertEquals("08000000" + "06" + "19000000" + "01000000",
        HexFormat.of().formatHex(info.getMeta().getErr().getErr().toByteArray()));
  }

  @Test
  void votesAreFlagged() {
    assertTrue(GeyserTransactions.info(BlockTransactions.votes().get(0), 0).getIsVote());
  }

  /**
   * The same real block in both encodings: a {@code jsonParsed} transaction (header from the keys'
   * flags, decoded System and SPL Token transfers turned back into data) converts to exactly what its
   * {@code json} twin does. Votes are left out: their decoded form is not turned back.
   */
  @Test
  void decodedInstructionsConvertLikeTheirRawTwins() {
    JsonArray raw = BlockTransactions.realBlock("block_100000000_json.json").getJsonArray("transactions");
    JsonArray parsed = BlockTransactions.realBlock("block_100000000_jsonparsed.json").getJsonArray("transactions");
    int compared = 0;
    for (int i = 0; i < raw.size(); i++) {
      JsonObject twin = parsed.getJsonObject(i);
      if (!twin.encode().contains("\"program\":\"vote\"")) {
        assertEquals(GeyserTransactions.info(raw.getJsonObject(i), i), GeyserTransactions.info(twin, i),
            BlockTransactions.signature(twin));
        compared++;
      }
    }
    assertEquals(4, compared, "the block's transactions other than votes");
  }
}
