package io.swapflush.parse;

import io.swapflush.event.Uncertainty;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which instructions trade: for each instruction as it ran, the hop it belongs to. A hop is a swap
 * instruction of a known pool (told by its discriminator), with everything it calls; or, inside a
 * known router's swap instruction, a call into a program the router trades through that both takes
 * and pays (a pool not yet named, a stake pool) — the router's own instruction says it is a trade.
 * A known program's other instructions (liquidity, positions, set-up, migration) and everything they
 * call are excluded; an instruction of a known pool that no decoder knows is excluded too, and
 * counted.
 */
final class Hops {

  /** Outside any hop: a router's or front end's own transfers, or an unknown program's. */
  static final int NONE = -1;
  /** Inside a known program's instruction that does not trade: its transfers are no one's trade. */
  static final int EXCLUDED = -2;

  /** Programs that move funds on others' behalf: what they do belongs to whoever called them. */
  private static final Set<String> SERVICE_PROGRAMS = Set.of(Transfers.SYSTEM_PROGRAM, Transfers.TOKEN_PROGRAM,
      Transfers.TOKEN_2022_PROGRAM, "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL",
      "ComputeBudget111111111111111111111111111111", "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr",
      "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo");

  private final List<Instruction> instructions;
  private final int[] hopOf;
  private final boolean[] inRoute;
  private final boolean[] poolSwap;
  private final boolean[] event;
  private final Set<Uncertainty> uncertain = EnumSet.noneOf(Uncertainty.class);
  private Venue router;
  /** top-level instruction → the first router whose swap ran under it */
  private final Map<Integer, Venue> routerByTopLevel = new HashMap<>();
  /** The hop most recently begun. */
  private int lastHop = NONE;

  private Hops(List<Instruction> instructions) {
    this.instructions = instructions;
    this.hopOf = new int[instructions.size()];
    this.inRoute = new boolean[instructions.size()];
    this.poolSwap = new boolean[instructions.size()];
    this.event = new boolean[instructions.size()];
  }

  static Hops of(List<Instruction> instructions) {
    Hops hops = new Hops(instructions);
    for (int i = 0; i < instructions.size(); i++) {
      hops.place(i);
    }
    return hops;
  }

  /** The hop instruction {@code i} runs in: the index of the hop's instruction, {@link #NONE} or {@link #EXCLUDED}. */
  int hopOf(int i) {
    return hopOf[i];
  }

  /** Whether the hop is a swap instruction of a known pool (else it counts only when it takes and pays). */
  boolean isPoolSwap(int hop) {
    return poolSwap[hop];
  }

  /** Whether the hop is the last known pool's swap of its top-level instruction (a route's final hop). */
  boolean isLastPoolSwap(int hop) {
    int topLevel = topLevelOf(hop);
    for (int i = hop + 1; i < instructions.size() && topLevelOf(i) == topLevel; i++) {
      if (poolSwap[i]) {
        return false;
      }
    }
    return poolSwap[hop];
  }

  /** Whether instruction {@code i} is an event its program emits to itself. */
  boolean isEvent(int i) {
    return event[i];
  }

  /** The market maker of a request-for-quote fill, or null. */
  String makerOf(int hop) {
    Instruction instruction = instructions.get(hop);
    int maker = poolSwap[hop] ? Venues.of(instruction.program()).makerAccount() : -1;
    return maker >= 0 && maker < instruction.accountCount() ? instruction.account(maker) : null;
  }

  /** The top-level instruction that instruction {@code i} runs under. */
  int topLevelOf(int i) {
    return Instructions.topLevelOf(instructions, i);
  }

  /** The first router whose swap instruction (or one no decoder knows) ran, or null. */
  Venue router() {
    return router;
  }

  /** The first router whose swap ran under top-level instruction {@code topLevel}, or null. */
  Venue routerOf(int topLevel) {
    return routerByTopLevel.get(topLevel);
  }

  Set<Uncertainty> uncertain() {
    return uncertain;
  }

  /**
   * A call a router makes into a program it trades through. Consecutive calls into one program are
   * one hop: an order book is traded by placing an order, then settling it (OpenBook v1).
   */
  private void beginRoutedHop(int i) {
    Instruction instruction = instructions.get(i);
    boolean continues = lastHop >= 0 && !poolSwap[lastHop] && instructions.get(lastHop).caller() == instruction.caller()
        && instructions.get(lastHop).program().equals(instruction.program());
    hopOf[i] = continues ? lastHop : i;
    lastHop = hopOf[i];
  }

  private void nameRouter(Venue venue, int i) {
    router = router == null ? venue : router;
    routerByTopLevel.putIfAbsent(topLevelOf(i), venue);
  }

  private void place(int i) {
    Instruction instruction = instructions.get(i);
    int caller = instruction.caller();
    int callerHop = caller >= 0 ? hopOf[caller] : NONE;
    boolean callerRoutes = caller >= 0 && inRoute[caller];
    hopOf[i] = callerHop;
    inRoute[i] = callerRoutes;
    if (callerHop == EXCLUDED) {
      return;
    }
    Venue venue = Venues.of(instruction.program());
    if (venue == null || venue.role() == Venue.Role.FRONT_END) {
      boolean unknown = venue == null && !SERVICE_PROGRAMS.contains(instruction.program());
      if (unknown && callerHop == NONE && callerRoutes) {
        beginRoutedHop(i);
      }
      return;
    }
    Venue.Kind kind = caller >= 0 && instructions.get(caller).program().equals(instruction.program())
        ? Venue.Kind.EVENT : venue.classify(instruction.discriminator());
    if (kind == Venue.Kind.UNKNOWN) {
      uncertain.add(Uncertainty.UNKNOWN_INSTRUCTION);
    }
    switch (kind) {
      case EVENT -> event[i] = true;
      case SWAP -> {
        if (venue.role() == Venue.Role.ROUTER) {
          inRoute[i] = true;
          nameRouter(venue, i);
        } else {
          hopOf[i] = i;
          lastHop = i;
          inRoute[i] = false;
          poolSwap[i] = true;
        }
      }
      default -> {
        if (venue.role() == Venue.Role.POOL && callerRoutes && callerHop == NONE) {
          // inside a router's swap the router said it trades
          beginRoutedHop(i);
        } else if (venue.role() == Venue.Role.POOL) {
          hopOf[i] = EXCLUDED;
        } else if (kind == Venue.Kind.UNKNOWN) {
          // a router's instruction no decoder knows yet: the known pools' swaps it calls still trade, and
          // it names their venue; it does not make its unnamed callees hops
          nameRouter(venue, i);
        }
      }
    }
  }
}
