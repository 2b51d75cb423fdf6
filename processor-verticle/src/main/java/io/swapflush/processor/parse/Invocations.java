package io.swapflush.processor.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The accounts that may be the user's authority in a route: the leading accounts of each top-level
 * instruction that is a router or calls one.
 */
final class Invocations {

  /**
   * Routers and the programs that wrap them name the user's authority among the first accounts of
   * their instruction (Jupiter's route: index 1; its shared-accounts routes: index 2).
   */
  private static final int AUTHORITY_SLOTS = 3;

  private Invocations() {
  }

  static List<String> routeAuthorities(List<Instruction> instructions) {
    boolean[] routes = new boolean[instructions.size()];
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      if (Venues.isRouter(instruction.program())) {
        routes[Instructions.topLevelOf(instructions, i)] = true;
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
}
