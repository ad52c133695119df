package io.vth.core.action;

/**
 * Prints a program as assembly text that {@link ActionAssembler} turns back into the same bytes:
 * constants are named {@code c0, c1, ...} and jump targets {@code L<index>}.
 */
public final class ActionDisassembler {

  private ActionDisassembler() {}

  /** The whole program: constants first, then instructions with labels where jumps land. */
  public static String disassemble(ActionProgram p) {
    StringBuilder out = new StringBuilder();
    ConstantPool pool = p.constants();
    for (int i = 0; i < pool.count(); i++) {
      out.append(".const c")
          .append(i)
          .append(' ')
          .append(ConstantSyntax.format(pool, i))
          .append('\n');
    }
    boolean[] targeted = new boolean[p.instructionCount()];
    for (int i = 0; i < p.instructionCount(); i++) {
      if (isJump(p.opcode(i))) {
        targeted[p.target(i)] = true;
      }
    }
    for (int i = 0; i < p.instructionCount(); i++) {
      if (targeted[i]) {
        out.append('L').append(i).append(":\n");
      }
      out.append("    ").append(instruction(p, i)).append('\n');
    }
    return out.toString();
  }

  /** Instruction {@code i} alone, jump targets written as {@code L<index>}. */
  public static String instruction(ActionProgram p, int i) {
    Opcode op = p.opcode(i);
    String m = op.mnemonic();
    int d = p.dst(i);
    int s = p.src(i);
    int off = p.off(i);
    String imm = number(p.imm(i));
    String target = "L" + p.target(i);
    return switch (op.format()) {
      case LOAD_IMM, ALU_IMM -> m + " r" + d + ", " + imm;
      case ALU_REG -> m + " r" + d + ", r" + s;
      case LOAD -> m + " r" + d + ", " + AssemblySyntax.memory(-1, off);
      case LOAD_INDEXED -> m + " r" + d + ", " + AssemblySyntax.memory(s, off);
      case STORE -> m + " " + AssemblySyntax.memory(-1, off) + ", r" + s;
      case STORE_INDEXED -> m + " " + AssemblySyntax.memory(d, off) + ", r" + s;
      case COPY -> m + " " + AssemblySyntax.memory(-1, off) + ", c" + p.imm(i);
      case COPY_INDEXED -> m + " " + AssemblySyntax.memory(d, off) + ", c" + p.imm(i);
      case JUMP -> m + " " + target;
      case JUMP_REG -> m + " r" + d + ", r" + s + ", " + target;
      case JUMP_IMM -> m + " r" + d + ", " + imm + ", " + target;
      case REQUIRE -> m + " " + imm + ", " + target;
      case CALL -> CallSyntax.format(p, i);
    };
  }

  static boolean isJump(Opcode op) {
    return switch (op.format()) {
      case JUMP, JUMP_REG, JUMP_IMM, REQUIRE -> true;
      default -> false;
    };
  }

  private static String number(int imm) {
    long value = imm & 0xffffffffL;
    return value > 255 ? "0x" + Long.toHexString(value) : Long.toString(value);
  }
}
