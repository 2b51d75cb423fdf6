package io.swapflush.source.grpc;

import io.swapflush.geyser.GeyserGrpcClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;

/** The gRPC client a Geyser subscription runs on: HTTP/2, TLS as the endpoint says, room for large updates. */
public final class GeyserClients {

  /**
   * The largest update accepted, 64 MiB: Vert.x's default (256 KiB) is below what one large
   * transaction with its logs and inner instructions can take, and a refused update ends the stream.
   */
  public static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;

  private GeyserClients() {
  }

  /** A client for {@code endpoint}; closing it closes its connections. */
  public static GrpcClient client(Vertx vertx, GeyserEndpoint endpoint) {
    HttpClientOptions transport = new HttpClientOptions()
        .setHttp2ClearTextUpgrade(false) // plaintext: HTTP/2 with prior knowledge, as gRPC servers expect
        .setSsl(endpoint.tls())
        .setUseAlpn(endpoint.tls());
    return GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(MAX_MESSAGE_BYTES), transport);
  }

  /** The Geyser service's stub on {@code client}. */
  public static GeyserGrpcClient geyser(GrpcClient client, GeyserEndpoint endpoint) {
    return GeyserGrpcClient.create(client, endpoint.address());
  }
}
