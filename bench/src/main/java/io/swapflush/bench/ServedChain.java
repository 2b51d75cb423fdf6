package io.swapflush.bench;

import io.swapflush.testsupport.ChainBuilder;
import io.swapflush.testsupport.RealSizeBlocks;
import io.swapflush.testsupport.SolanaRpcServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Random;

/**
 * The chain the rpc rows read: {@code blocks} mainnet-sized blocks in consecutive slots (none
 * skipped), made once and served by the test JSON-RPC server to every row, its head at the last
 * block. The server holds each block encoded (about 7.5 MB), so 200 blocks take 1.5 GB of heap. It
 * runs on an event loop of its own ({@code serverThread}), so that its CPU time can be told apart.
 */
record ServedChain(Vertx vertx, SolanaRpcServer server, Thread serverThread, long firstSlot, long lastSlot)
    implements AutoCloseable {

  private static final long FIRST_SLOT = 300_000_000;

  static ServedChain of(int blocks) {
    Random random = new Random(11);
    ChainBuilder chain = new ChainBuilder(FIRST_SLOT, random)
        .transactions(slot -> RealSizeBlocks.transactions(random));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    SolanaRpcServer server = SolanaRpcServer.start(vertx);
    long lastSlot = FIRST_SLOT + blocks - 1;
    server.addBlocks(chain.next(blocks)).setHead(lastSlot);
    return new ServedChain(vertx, server, RpcSourceRun.eventLoop(vertx), FIRST_SLOT, lastSlot);
  }

  @Override
  public void close() {
    server.close();
    vertx.close();
  }
}
