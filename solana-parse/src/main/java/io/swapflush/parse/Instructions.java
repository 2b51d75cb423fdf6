package io.swapflush.parse;

import static io.swapflush.parse.JsonFields.array;
import static io.swapflush.parse.JsonFields.base58;
import static io.swapflush.parse.JsonFields.optionalArray;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The transaction's instructions in the order they ran: each top-level instruction followed by
 * the inner instructions it caused. Callers come from {@code stackHeight}; a node that omits it
 * (before 1.14) makes every inner instruction a direct callee of its top-level one.
 */
final class Instructions {

  private Instructions() {
  }

  /** How one form of input gives an instruction, {@code T}, and its stack height. */
  interface Reader<T> {

    Instruction read(T instruction, int caller, String path);

    /** The stack height as the node recorded it, null when it did not. */
    Object stackHeight(T instruction, String path);
  }

  static List<Instruction> of(AccountKeys keys, Map<?, ?> message, Map<?, ?> meta) {
    List<?> topLevel = array(message, "instructions", "message");
    TreeMap<Integer, List<?>> innerByParent = new TreeMap<>();
    List<?> inner = optionalArray(meta, "innerInstructions", "meta");
    for (int i = 0; i < inner.size(); i++) {
      String path = "meta.innerInstructions[" + i + "]";
      Map<?, ?> group = object(inner.get(i), path);
      int parent = JsonFields.index(group.get("index"), path + ".index", topLevel.size());
      innerByParent.put(parent, optionalArray(group, "instructions", path));
    }
    return of(topLevel, innerByParent, new Reader<Object>() {
      @Override
      public Instruction read(Object instruction, int caller, String path) {
        return Instructions.read(keys, object(instruction, path), caller, path);
      }

      @Override
      public Object stackHeight(Object instruction, String path) {
        return object(instruction, path).get("stackHeight");
      }
    });
  }

  /**
   * The instructions in the order they ran, from the top-level ones and the inner ones by the index
   * of the top-level instruction they ran under.
   */
  static <T> List<Instruction> of(List<? extends T> topLevel, Map<Integer, ? extends List<? extends T>> innerByParent,
      Reader<T> reader) {
    List<Instruction> ran = new ArrayList<>();
    for (int i = 0; i < topLevel.size(); i++) {
      int topIndex = ran.size();
      ran.add(reader.read(topLevel.get(i), -1, "message.instructions[" + i + "]"));
      // (stack height, index) of the instructions that may still be calling
      Deque<int[]> calling = new ArrayDeque<>();
      calling.push(new int[] {1, topIndex});
      List<? extends T> callees = innerByParent.containsKey(i) ? innerByParent.get(i) : List.of();
      for (int j = 0; j < callees.size(); j++) {
        String path = "meta.innerInstructions[index " + i + "].instructions[" + j + "]";
        Object heightValue = reader.stackHeight(callees.get(j), path);
        int height = heightValue == null ? 2 : JsonFields.index(heightValue, path + ".stackHeight", 65);
        while (calling.size() > 1 && calling.peek()[0] >= height) {
          calling.pop();
        }
        int index = ran.size();
        ran.add(reader.read(callees.get(j), calling.peek()[1], path));
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

  private static Instruction read(AccountKeys keys, Map<?, ?> instruction, int caller, String at) {
    Object programId = instruction.get("programId");
    String program = programId != null
        ? base58(programId, at + ".programId", 32)
        : keys.get(JsonFields.index(instruction.get("programIdIndex"), at + ".programIdIndex", keys.size()));
    Object parsed = instruction.get("parsed");
    if (parsed instanceof Map<?, ?> decoded) {
      return new Instruction(program, List.of(), keys, null, decoded, caller, at);
    }
    Object data = instruction.get("data");
    return new Instruction(program, optionalArray(instruction, "accounts", at), keys,
        data instanceof String text ? new InstructionData.Base58Text(text) : null, null, caller, at);
  }

  private static Map<?, ?> object(Object value, String at) {
    if (!(value instanceof Map<?, ?> instruction)) {
      throw new InvalidTransactionException("wrong-type", at + " must be an object");
    }
    return instruction;
  }
}
