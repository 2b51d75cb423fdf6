package io.swapflush.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The faults still to come, per method, each for a number of calls, in the order they were given. */
final class FaultQueue {

  private final Map<String, Deque<Pending>> byMethod = new HashMap<>();

  synchronized void add(String method, RpcFault fault, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, got " + times);
    }
    byMethod.computeIfAbsent(method, m -> new ArrayDeque<>()).add(new Pending(fault, times));
  }

  /**
   * The fault this call meets, used up by it: one for the call's variant (e.g.
   * {@link SolanaRpcServer#GET_BLOCK_HEADER_ONLY}; null when it has none), before one for the
   * method, before one for any method.
   */
  synchronized RpcFault take(String variant, String method) {
    RpcFault fault = variant == null ? null : takeFrom(byMethod.get(variant));
    if (fault == null) {
      fault = takeFrom(byMethod.get(method));
    }
    return fault != null ? fault : takeFrom(byMethod.get(SolanaRpcServer.ANY_METHOD));
  }

  synchronized void clear() {
    byMethod.clear();
  }

  private static RpcFault takeFrom(Deque<Pending> queue) {
    Pending head = queue == null ? null : queue.peek();
    if (head == null) {
      return null;
    }
    if (--head.remaining == 0) {
      queue.poll();
    }
    return head.fault;
  }

  private static final class Pending {
    final RpcFault fault;
    int remaining;

    Pending(RpcFault fault, int remaining) {
      this.fault = fault;
      this.remaining = remaining;
    }
  }
}
