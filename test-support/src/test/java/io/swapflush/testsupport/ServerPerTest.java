package io.swapflush.testsupport;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link SolanaRpcServer} for each test, on one Vert.x instance for the class, and a client to it. */
abstract class ServerPerTest {

  static Vertx vertx;
  SolanaRpcServer server;
  RpcClient rpc;

  @BeforeAll
  static void vertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    Await.result(vertx.close());
  }

  @BeforeEach
  void startServer() {
    server = SolanaRpcServer.start(vertx);
    rpc = new RpcClient(vertx, server);
  }

  @AfterEach
  void closeServer() {
    server.close();
  }
}
