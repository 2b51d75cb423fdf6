package io.swapflush.processor.parse;

import static io.swapflush.processor.parse.JsonFields.array;
import static io.swapflush.processor.parse.JsonFields.base58;
import static io.swapflush.processor.parse.JsonFields.optionalArray;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs a transaction invoked, top-level then inner, and the leading accounts of each
 * top-level instruction that routes through an aggregator (itself one, or calling one).
 */
final class Invocations {

  /**
   * Aggregators and the programs that wrap them name the user's authority among the first accounts
   * of their instruction (Jupiter's route: index 1; its shared-accounts routes: index 2).
   */
  private static final int AUTHORITY_SLOTS = 3;

  private final List<String> programs = new ArrayList<>();
  private final List<List<String>> topLevelLeadingAccounts = new ArrayList<>();
  private final List<Boolean> routesThroughAggregator = new ArrayList<>();

  static Invocations of(AccountKeys keys, JsonObject message, JsonObject meta) {
    Invocations invocations = new Invocations();
    JsonArray topLevel = array(message, "instructions", "message");
    for (int i = 0; i < topLevel.size(); i++) {
      String at = "message.instructions[" + i + "]";
      JsonObject instruction = instruction(topLevel.getValue(i), at);
      String program = invocations.program(keys, instruction, at);
      invocations.topLevelLeadingAccounts.add(leadingAccounts(keys, instruction, at));
      invocations.routesThroughAggregator.add(Venues.isAggregator(program));
    }
    JsonArray inner = optionalArray(meta, "innerInstructions", "meta");
    for (int i = 0; i < inner.size(); i++) {
      String path = "meta.innerInstructions[" + i + "]";
      JsonObject group = instruction(inner.getValue(i), path);
      int parent = JsonFields.index(group.getValue("index"), path + ".index", topLevel.size());
      JsonArray instructions = optionalArray(group, "instructions", path);
      for (int j = 0; j < instructions.size(); j++) {
        String at = path + ".instructions[" + j + "]";
        if (Venues.isAggregator(invocations.program(keys, instruction(instructions.getValue(j), at), at))) {
          invocations.routesThroughAggregator.set(parent, true);
        }
      }
    }
    return invocations;
  }

  /** The aggregator when one is invoked, else the first known AMM invoked, else unknown. */
  String venue() {
    String amm = null;
    for (String program : programs) {
      if (Venues.isAggregator(program)) {
        return Venues.of(program);
      }
      if (amm == null) {
        amm = Venues.of(program);
      }
    }
    return amm == null ? Venues.UNKNOWN : amm;
  }

  /** Accounts that may be the user's authority in a route through an aggregator, in order. */
  List<String> routeAuthorities() {
    List<String> authorities = new ArrayList<>();
    for (int i = 0; i < topLevelLeadingAccounts.size(); i++) {
      if (routesThroughAggregator.get(i)) {
        authorities.addAll(topLevelLeadingAccounts.get(i));
      }
    }
    return authorities;
  }

  private String program(AccountKeys keys, JsonObject instruction, String at) {
    Object programId = instruction.getValue("programId");
    String program = programId != null
        ? base58(programId, at + ".programId", 32)
        : keys.get(JsonFields.index(instruction.getValue("programIdIndex"), at + ".programIdIndex", keys.size()));
    programs.add(program);
    return program;
  }

  private static List<String> leadingAccounts(AccountKeys keys, JsonObject instruction, String at) {
    JsonArray accounts = optionalArray(instruction, "accounts", at);
    List<String> leading = new ArrayList<>();
    for (int a = 1; a < Math.min(AUTHORITY_SLOTS, accounts.size()); a++) {
      Object account = accounts.getValue(a);
      String path = at + ".accounts[" + a + "]";
      leading.add(account instanceof String key ? base58(key, path, 32)
          : keys.get(JsonFields.index(account, path, keys.size())));
    }
    return leading;
  }

  private static JsonObject instruction(Object value, String at) {
    if (!(value instanceof JsonObject instruction)) {
      throw new InvalidTransactionException("wrong-type", at + " must be an object");
    }
    return instruction;
  }
}
