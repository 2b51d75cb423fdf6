package io.swapflush.parse;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The accounts that may be the user's authority in a route: the leading accounts of each top-level
 * instruction that is a router or calls one.
 */
final class Invocations {

  /**
   * Routers and the programs that wrap them name the user's authority among the first accounts of
   * their instruction (Jupiter's route: index 1; its shared-accounts routes: index 2; its v2 routes:
   * index 0 or 1).
   */
  private static final int AUTHORITY_SLOTS = 3;

  private Invocations() {
  }

  static List<String> routeAuthorities(List<Instruction> instructions) {
    boolean[] routes = new boolean[instructions.size()];
    Set<String> authorities = new LinkedHashSet<>();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      if (Venues.isRouter(instruction.program())) {
        routes[Instructions.topLevelOf(instructions, i)] = true;
        // the router's own leading accounts, wherever it runs: a smart wallet or vault calling it
        // signs with a program's authority (its v2 routes name the user first)
        addLeading(authorities, instruction, 0);
      }
    }
    for (int i = 0; i < instructions.size(); i++) {
      if (routes[i]) {
        addLeading(authorities, instructions.get(i), 1);
      }
    }
    return new ArrayList<>(authorities);
  }

  private static void addLeading(Set<String> authorities, Instruction instruction, int from) {
    for (int a = from; a < Math.min(AUTHORITY_SLOTS, instruction.accountCount()); a++) {
      authorities.add(instruction.account(a));
    }
  }
}
