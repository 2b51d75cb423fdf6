package io.swapflush.processor.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * What the venues tell about a transaction: which venue it traded on, and the accounts that may be
 * the user's authority in a route (the leading accounts of each top-level instruction that is a
 * router or calls one).
 */
final class Invocations {

  /**
   * Routers and the programs that wrap them name the user's authority among the first accounts of
   * their instruction (Jupiter's route: index 1; its shared-accounts routes: index 2).
   */
  private static final int AUTHORITY_SLOTS = 3;

  private Invocations() {
  }

  /** The router when one is invoked, else the first pool invoked, else a front end, else unknown. */
  static String venue(List<Instruction> instructions) {
    Venues.Venue pool = null;
    Venues.Venue frontEnd = null;
    for (Instruction instruction : instructions) {
      Venues.Venue venue = Venues.of(instruction.program());
      if (venue == null) {
        continue;
      }
      switch (venue.role()) {
        case ROUTER -> {
          return venue.name();
        }
        case POOL -> pool = pool == null ? venue : pool;
        case FRONT_END -> frontEnd = frontEnd == null ? venue : frontEnd;
      }
    }
    return pool != null ? pool.name() : frontEnd != null ? frontEnd.name() : Venues.UNKNOWN;
  }

  static List<String> routeAuthorities(List<Instruction> instructions) {
    boolean[] routes = new boolean[instructions.size()];
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      if (Venues.isRouter(instruction.program())) {
        routes[topLevelOf(instructions, i)] = true;
      }
    }
    List<String> authorities = new ArrayList<>();
    for (int i = 0; i < instructions.size(); i++) {
      if (routes[i]) {
        Instruction instruction = instructions.get(i);
        for (int a = 1; a < Math.min(AUTHORITY_SLOTS, instruction.accountCount()); a++) {
          authorities.add(instruction.account(a));
        }
      }
    }
    return authorities;
  }

  private static int topLevelOf(List<Instruction> instructions, int index) {
    int at = index;
    while (instructions.get(at).caller() >= 0) {
      at = instructions.get(at).caller();
    }
    return at;
  }
}
