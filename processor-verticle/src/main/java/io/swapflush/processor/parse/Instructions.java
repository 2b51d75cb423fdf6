package io.swapflush.processor.parse;

import static io.swapflush.processor.parse.JsonFields.array;
import static io.swapflush.processor.parse.JsonFields.base58;
import static io.swapflush.processor.parse.JsonFields.optionalArray;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;

/**
 * The transaction's instructions in the order they ran: each top-level instruction followed by
 * the inner instructions it caused. Callers come from {@code stackHeight}; a node that omits it
 * (before 1.14) makes every inner instruction a direct callee of its top-level one.
 */
final class Instructions {

  private Instructions() {
  }

  static List<Instruction> of(AccountKeys keys, JsonObject message, JsonObject meta) {
    JsonArray topLevel = array(message, "instructions", "message");
    TreeMap<Integer, JsonArray> innerByParent = new TreeMap<>();
    JsonArray inner = optionalArray(meta, "innerInstructions", "meta");
    for (int i = 0; i < inner.size(); i++) {
      String path = "meta.innerInstructions[" + i + "]";
      JsonObject group = object(inner.getValue(i), path);
      int parent = JsonFields.index(group.getValue("index"), path + ".index", topLevel.size());
      innerByParent.put(parent, optionalArray(group, "instructions", path));
    }
    List<Instruction> ran = new ArrayList<>();
    for (int i = 0; i < topLevel.size(); i++) {
      int topIndex = ran.size();
      ran.add(read(keys, object(topLevel.getValue(i), "message.instructions[" + i + "]"), -1,
          "message.instructions[" + i + "]"));
      // (stack height, index) of the instructions that may still be calling
      Deque<int[]> calling = new ArrayDeque<>();
      calling.push(new int[] {1, topIndex});
      JsonArray callees = innerByParent.getOrDefault(i, new JsonArray());
      for (int j = 0; j < callees.size(); j++) {
        String path = "meta.innerInstructions[index " + i + "].instructions[" + j + "]";
        JsonObject instruction = object(callees.getValue(j), path);
        Object heightValue = instruction.getValue("stackHeight");
        int height = heightValue == null ? 2 : JsonFields.index(heightValue, path + ".stackHeight", 65);
        while (calling.size() > 1 && calling.peek()[0] >= height) {
          calling.pop();
        }
        int index = ran.size();
        ran.add(read(keys, instruction, calling.peek()[1], path));
        calling.push(new int[] {Math.max(height, 2), index});
      }
    }
    return ran;
  }

  /** The top-level instruction that instruction {@code index} runs under. */
  static int topLevelOf(List<Instruction> instructions, int index) {
    int at = index;
    while (instructions.get(at).caller() >= 0) {
      at = instructions.get(at).caller();
    }
    return at;
  }

  private static Instruction read(AccountKeys keys, JsonObject instruction, int caller, String at) {
    Object programId = instruction.getValue("programId");
    String program = programId != null
        ? base58(programId, at + ".programId", 32)
        : keys.get(JsonFields.index(instruction.getValue("programIdIndex"), at + ".programIdIndex", keys.size()));
    Object parsed = instruction.getValue("parsed");
    if (parsed instanceof JsonObject decoded) {
      return new Instruction(program, new JsonArray(), keys, null, decoded, caller, at);
    }
    Object data = instruction.getValue("data");
    return new Instruction(program, optionalArray(instruction, "accounts", at), keys,
        data instanceof String text ? text : null, null, caller, at);
  }

  private static JsonObject object(Object value, String at) {
    if (!(value instanceof JsonObject instruction)) {
      throw new InvalidTransactionException("wrong-type", at + " must be an object");
    }
    return instruction;
  }
}
