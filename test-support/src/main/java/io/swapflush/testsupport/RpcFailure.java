package io.swapflush.testsupport;

/** Ends the handling of one call with an error response. */
final class RpcFailure extends RuntimeException {

  final RpcError error;

  RpcFailure(RpcError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }
}
