package io.swapflush.parse;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One party's flows with the venues: what they paid it (positive) and took from it (negative), by
 * top-level instruction and mint, and how much moved either way.
 */
final class TraderFlows {

  /**
   * A mint's net, within one top-level instruction, this many times smaller than what its hops moved
   * of it is a route's remainder (an intermediate token left over) or a circular route's result, not
   * a side of a trade. Two instructions are two trades (netted per trader and base mint later).
   */
  private static final BigInteger REMAINDER_RATIO = BigInteger.valueOf(100);

  /** top-level instruction → mint → {net, gross} */
  private final Map<Integer, Map<String, BigInteger[]>> byInstruction = new LinkedHashMap<>();
  /** {@link #sidesByInstruction()} once asked, until the flows change */
  private Map<Integer, Map<String, BigInteger>> sides;

  void add(int topLevel, String mint, BigInteger amount) {
    sides = null;
    BigInteger[] flow = byInstruction.computeIfAbsent(topLevel, i -> new LinkedHashMap<>())
        .computeIfAbsent(mint, m -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
    flow[0] = flow[0].add(amount);
    flow[1] = flow[1].add(amount.abs());
  }

  void addAll(TraderFlows other) {
    sides = null;
    other.byInstruction.forEach((topLevel, mints) -> mints.forEach((mint, flow) -> {
      BigInteger[] mine = byInstruction.computeIfAbsent(topLevel, i -> new LinkedHashMap<>())
          .computeIfAbsent(mint, m -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
      mine[0] = mine[0].add(flow[0]);
      mine[1] = mine[1].add(flow[1]);
    }));
  }

  /** The net by mint over every instruction, remainders left out; mints that net to zero omitted. */
  Map<String, BigInteger> sides() {
    Map<String, BigInteger> sides = new LinkedHashMap<>();
    sidesByInstruction().values().forEach(mints -> mints.forEach((mint, net) -> sides.merge(mint, net, BigInteger::add)));
    sides.values().removeIf(amount -> amount.signum() == 0);
    return sides;
  }

  /** Top-level instruction → its net by mint, remainders left out; instructions left with none omitted. */
  Map<Integer, Map<String, BigInteger>> sidesByInstruction() {
    if (sides != null) {
      return sides;
    }
    Map<Integer, Map<String, BigInteger>> byTopLevel = new LinkedHashMap<>();
    byInstruction.forEach((topLevel, mints) -> {
      Map<String, BigInteger> net = new LinkedHashMap<>();
      mints.forEach((mint, flow) -> {
        if (flow[0].abs().multiply(REMAINDER_RATIO).compareTo(flow[1]) > 0) {
          net.put(mint, flow[0]);
        }
      });
      if (!net.isEmpty()) {
        byTopLevel.put(topLevel, net);
      }
    });
    sides = byTopLevel;
    return byTopLevel;
  }
}
