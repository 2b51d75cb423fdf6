package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A block over 10 MB reaches the client whole, as often as it is asked for. */
class LargeBlockTest extends ServerPerTest {

  @Test
  void aTenMegabyteBlockIsServedWhole() {
    List<JsonObject> entries = RealSizeBlocks.transactions(new Random(31), 2_600);
    JsonObject block = new ChainBuilder(400, new Random(32)).transactions(slot -> entries).next(1).get(400L);
    assertTrue(block.toBuffer().length() > 10_000_000, "a block over 10 MB: " + block.toBuffer().length());
    server.addBlock(400, block).setHead(400);
    String request = rpc.request("getBlock", 400, new JsonObject().put("encoding", "json")
        .put("maxSupportedTransactionVersion", 0).put("transactionDetails", "full").put("rewards", false));

    // concurrent, as a reader fetching blocks ahead does
    List<RpcClient.Reply> replies = Await.result(Future.all(List.of(rpc.post(request), rpc.post(request),
        rpc.post(request)))).list();

    long received = 0;
    for (RpcClient.Reply reply : replies) {
      Buffer body = reply.body();
      received += body.length();
      assertEquals(Integer.toString(body.length()), reply.headers().get("Content-Length"));
      JsonObject result = body.toJsonObject().getJsonObject("result");
      JsonArray transactions = result.getJsonArray("transactions");
      assertEquals(entries.size(), transactions.size());
      for (int i = 0; i < entries.size(); i++) {
        assertEquals(BlockTransactions.signature(entries.get(i)), BlockTransactions.signature(transactions.getJsonObject(i)));
      }
      assertEquals(block.getString("blockhash"), result.getString("blockhash"));
    }
    assertEquals(received, server.bytesSent());
  }
}
