package io.swapflush.source.grpc;

import io.swapflush.geyser.GeyserGrpcClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;

/**
 * The gRPC client a Geyser subscription runs on: HTTP/2, TLS as the endpoint says, room for large
 * updates and flow-control windows for a mainnet stream.
 */
public final class GeyserClients {

  /**
   * The largest update accepted, 64 MiB: Vert.x's default (256 KiB) is below what one large
   * transaction with its logs and inner instructions can take, and a refused update ends the stream.
   */
  public static final long MAX_MESSAGE_BYTES = 64L * 1024 * 1024;
  /**
   * The HTTP/2 flow-control window the client gives the stream, 2 MiB, and the connection, 5 MiB:
   * hyper's HTTP/2 client defaults, which Rust Yellowstone clients on tonic get. Vert.x's default,
   * the protocol's 64 KiB (a handful of swaps), has the server wait for a window update after every
   * few transactions: one window a round trip, ~13 MB/s at 5 ms and ~1.3 MB/s at 50 ms, below a
   * mainnet stream's rate. Paused, the stream holds at most this much before the server stops.
   */
  public static final int STREAM_WINDOW_BYTES = 2 << 20;
  public static final int CONNECTION_WINDOW_BYTES = 5 << 20;

  private GeyserClients() {
  }

  /** A client for {@code endpoint}; closing it closes its connections. */
  public static GrpcClient client(Vertx vertx, GeyserEndpoint endpoint) {
    HttpClientOptions transport = new HttpClientOptions()
        .setHttp2ClearTextUpgrade(false) // plaintext: HTTP/2 with prior knowledge, as gRPC servers expect
        .setSsl(endpoint.tls())
        .setUseAlpn(endpoint.tls())
        .setHttp2ConnectionWindowSize(CONNECTION_WINDOW_BYTES);
    transport.getInitialSettings().setInitialWindowSize(STREAM_WINDOW_BYTES);
    return GrpcClient.client(vertx, new GrpcClientOptions().setMaxMessageSize(MAX_MESSAGE_BYTES), transport);
  }

  /** The Geyser service's stub on {@code client}. */
  public static GeyserGrpcClient geyser(GrpcClient client, GeyserEndpoint endpoint) {
    return GeyserGrpcClient.create(client, endpoint.address());
  }
}
