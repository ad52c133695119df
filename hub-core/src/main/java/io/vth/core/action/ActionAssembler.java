package io.vth.core.action;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns assembly text into a verified {@link ActionProgram}: for tests, for the decision pod's
 * compiler and for debugging. Syntax errors and verifier rejections name the line they concern.
 *
 * <p>A line is {@code [label:] [instruction | .const name kind args] [; comment]}. Instructions are
 * {@code mnemonic operand, operand, ...}; helper calls are {@code call helper operands}.
 */
public final class ActionAssembler {

  private record Line(int number, String text) {}

  private final Map<String, Integer> labels = new LinkedHashMap<>();
  private final Map<String, Integer> constantIndex = new LinkedHashMap<>();
  private final List<ConstantSyntax.Entry> constants = new ArrayList<>();
  private final List<Line> instructions = new ArrayList<>();

  private ActionAssembler() {}

  /**
   * Assembles and verifies {@code text}.
   *
   * @throws IllegalArgumentException for a syntax error, with the line number and quoted text
   * @throws ActionRejectedException when the verifier rejects the result, with the line number
   */
  public static ActionProgram assemble(String text) {
    ActionAssembler assembler = new ActionAssembler();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      assembler.collect(i + 1, lines[i]);
    }
    byte[] encoded = assembler.encode();
    try {
      return ActionVerifier.verify(encoded);
    } catch (ActionRejectedException e) {
      int index = e.instructionIndex();
      String where = index >= 0 ? "line " + assembler.instructions.get(index).number() + ": " : "";
      throw new ActionRejectedException(e.reason(), index, where + e.detail());
    }
  }

  private void collect(int number, String raw) {
    int comment = raw.indexOf(';');
    String line = (comment >= 0 ? raw.substring(0, comment) : raw).trim();
    int colon = line.indexOf(':');
    if (colon > 0 && AssemblySyntax.isName(line.substring(0, colon))) {
      String label = line.substring(0, colon);
      if (labels.putIfAbsent(label, instructions.size()) != null) {
        throw syntax(number, raw, "label '" + label + "' defined twice");
      }
      line = line.substring(colon + 1).trim();
    }
    if (line.isEmpty()) {
      return;
    }
    if (line.startsWith(".const")) {
      String[] words = line.split("\\s+");
      if (words.length < 2 || !AssemblySyntax.isName(words[1])) {
        throw syntax(number, raw, "expected '.const name kind value'");
      }
      if (constantIndex.putIfAbsent(words[1], constants.size()) != null) {
        throw syntax(number, raw, "constant '" + words[1] + "' defined twice");
      }
      try {
        String[] rest = new String[words.length - 2];
        System.arraycopy(words, 2, rest, 0, rest.length);
        constants.add(ConstantSyntax.parse(rest));
      } catch (IllegalArgumentException e) {
        throw syntax(number, raw, e.getMessage());
      }
      return;
    }
    instructions.add(new Line(number, raw));
  }

  private byte[] encode() {
    if (constants.size() > 255 || instructions.size() > 0xffff) {
      throw new IllegalArgumentException(
          instructions.size() + " instructions and " + constants.size() + " constants: too many");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int count = instructions.size();
    out.writeBytes(
        new byte[] {0x56, 0x41, ActionProgram.VERSION, 0, (byte) (count >>> 8), (byte) count});
    out.writeBytes(new byte[] {(byte) constants.size(), 0});
    byte[] word = new byte[ActionProgram.INSTRUCTION_LENGTH];
    for (int i = 0; i < count; i++) {
      Line line = instructions.get(i);
      try {
        instruction(i, stripLabelAndComment(line.text()), word);
      } catch (IllegalArgumentException e) {
        throw syntax(line.number(), line.text(), e.getMessage());
      }
      out.writeBytes(word);
    }
    for (ConstantSyntax.Entry entry : constants) {
      out.write(entry.type().code());
      out.write(entry.data().length);
      out.writeBytes(entry.data());
    }
    return out.toByteArray();
  }

  private static String stripLabelAndComment(String raw) {
    int comment = raw.indexOf(';');
    String line = (comment >= 0 ? raw.substring(0, comment) : raw).trim();
    int colon = line.indexOf(':');
    return colon > 0 && AssemblySyntax.isName(line.substring(0, colon))
        ? line.substring(colon + 1).trim()
        : line;
  }

  private void instruction(int index, String text, byte[] word) {
    String[] head = text.split("\\s+", 2);
    String mnemonic = head[0];
    String rest = head.length > 1 ? head[1].trim() : "";
    if (mnemonic.equals("call")) {
      new CallSyntax(this::constant).encode(rest, word);
      return;
    }
    String[] ops = rest.isEmpty() ? new String[0] : rest.split("\\s*,\\s*");
    InstructionSyntax.encode(mnemonic, ops, word, this::constant, label -> jump(index, label));
  }

  private int constant(String name) {
    Integer index = constantIndex.get(name);
    if (index == null) {
      throw new IllegalArgumentException("unknown constant '" + name + "'");
    }
    return index;
  }

  private int jump(int index, String label) {
    Integer target = labels.get(label);
    if (target == null) {
      throw new IllegalArgumentException("unknown label '" + label + "'");
    }
    return (target - index - 1) & 0xffff;
  }

  private static IllegalArgumentException syntax(int number, String raw, String problem) {
    return new IllegalArgumentException(
        "line " + number + ": " + problem + " in '" + raw.trim() + "'");
  }
}
