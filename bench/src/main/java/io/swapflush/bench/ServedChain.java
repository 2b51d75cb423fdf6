package io.swapflush.bench;

import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.RealSizeBlocks;
import io.swapflush.testsupport.SolanaRpcServer;
import java.util.Random;

/**
 * The chain the rpc rows read: {@code blocks} mainnet-sized blocks in consecutive slots (none
 * skipped), made once and served by the test JSON-RPC server to every row, its head at the last
 * block. The server holds each block encoded (about 7.6 MB), so 200 blocks take 1.5 GB of heap.
 */
record ServedChain(SolanaRpcServer server, long firstSlot, long lastSlot) implements AutoCloseable {

  private static final long FIRST_SLOT = 300_000_000;

  static ServedChain of(int blocks) {
    Random random = new Random(11);
    ChainBuilder chain = new ChainBuilder(FIRST_SLOT, random)
        .transactions(slot -> RealSizeBlocks.transactions(random));
    SolanaRpcServer server = SolanaRpcServer.start();
    long lastSlot = FIRST_SLOT + blocks - 1;
    server.addBlocks(chain.next(blocks)).setHead(lastSlot);
    return new ServedChain(server, FIRST_SLOT, lastSlot);
  }

  long blocks() {
    return lastSlot - firstSlot + 1;
  }

  @Override
  public void close() {
    server.close();
  }
}
