package io.swapflush.source.grpc;

import io.swapflush.testsupport.Await;
import io.swapflush.testsupport.GeyserServer;
import io.vertx.core.Vertx;
import io.vertx.grpc.client.GrpcClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's Geyser server and a real gRPC client for it, on a Vert.x instance of their own: made
 * with the test's instance (as a field registered with {@code @RegisterExtension}), closed after it.
 */
final class GeyserBed implements AfterEachCallback {

  final Vertx vertx = Vertx.vertx();
  final GeyserServer server = GeyserServer.start(vertx);
  final GeyserEndpoint endpoint = GeyserEndpoint.parse(server.url());
  final GrpcClient client = GeyserClients.client(vertx, endpoint);

  @Override
  public void afterEach(ExtensionContext context) {
    Await.result(client.close());
    server.close();
    Await.result(vertx.close());
  }
}
