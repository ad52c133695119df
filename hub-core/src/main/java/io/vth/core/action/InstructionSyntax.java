package io.vth.core.action;

import static io.vth.core.action.AssemblySyntax.isRegister;
import static io.vth.core.action.AssemblySyntax.memory;
import static io.vth.core.action.AssemblySyntax.number;
import static io.vth.core.action.AssemblySyntax.register;

import io.vth.core.action.AssemblySyntax.Memory;
import io.vth.core.action.Opcode.Format;
import java.util.function.ToIntFunction;

/** Encodes one non-call assembly instruction into its 8-byte word. */
final class InstructionSyntax {

  private static final long IMM_MAX = 0xffffffffL;

  private InstructionSyntax() {}

  static void encode(
      String mnemonic,
      String[] ops,
      byte[] word,
      ToIntFunction<String> constant,
      ToIntFunction<String> jump) {
    switch (mnemonic) {
      case "ldi", "ldhi" -> {
        expect(mnemonic, ops, 2);
        Opcode op = Opcode.of(mnemonic, Format.LOAD_IMM);
        write(word, op, register(ops[0]), 0, 0, number(ops[1], IMM_MAX));
      }
      case "mov", "add", "sub", "and", "or", "xor", "lsh", "rsh", "arsh" -> {
        expect(mnemonic, ops, 2);
        if (isRegister(ops[1])) {
          write(
              word, Opcode.of(mnemonic, Format.ALU_REG), register(ops[0]), register(ops[1]), 0, 0);
        } else if (mnemonic.equals("mov")) {
          throw new IllegalArgumentException(
              "mov takes a register; load the number '" + ops[1] + "' with ldi");
        } else {
          write(
              word,
              Opcode.of(mnemonic, Format.ALU_IMM),
              register(ops[0]),
              0,
              0,
              number(ops[1], IMM_MAX));
        }
      }
      case "ldb", "ldh", "ldw", "ldd" -> {
        expect(mnemonic, ops, 2);
        Memory m = memory(ops[1]);
        Format format = m.base() < 0 ? Format.LOAD : Format.LOAD_INDEXED;
        write(
            word,
            Opcode.of(mnemonic, format),
            register(ops[0]),
            Math.max(0, m.base()),
            m.offset(),
            0);
      }
      case "stb", "sth", "stw", "std" -> {
        expect(mnemonic, ops, 2);
        Memory m = memory(ops[0]);
        Format format = m.base() < 0 ? Format.STORE : Format.STORE_INDEXED;
        write(
            word,
            Opcode.of(mnemonic, format),
            Math.max(0, m.base()),
            register(ops[1]),
            m.offset(),
            0);
      }
      case "copy" -> {
        expect(mnemonic, ops, 2);
        Memory m = memory(ops[0]);
        Format format = m.base() < 0 ? Format.COPY : Format.COPY_INDEXED;
        write(
            word,
            Opcode.of(mnemonic, format),
            Math.max(0, m.base()),
            0,
            m.offset(),
            constant.applyAsInt(ops[1]));
      }
      case "ja" -> {
        expect(mnemonic, ops, 1);
        write(word, Opcode.JA, 0, 0, jump.applyAsInt(ops[0]), 0);
      }
      case "require" -> {
        expect(mnemonic, ops, 2);
        write(word, Opcode.REQUIRE, 0, 0, jump.applyAsInt(ops[1]), number(ops[0], IMM_MAX));
      }
      default -> conditionalJump(mnemonic, ops, word, jump);
    }
  }

  private static void conditionalJump(
      String mnemonic, String[] ops, byte[] word, ToIntFunction<String> jump) {
    if (Opcode.of(mnemonic, Format.JUMP_REG) == null) {
      throw new IllegalArgumentException("unknown mnemonic '" + mnemonic + "'");
    }
    expect(mnemonic, ops, 3);
    int off = jump.applyAsInt(ops[2]);
    if (isRegister(ops[1])) {
      write(word, Opcode.of(mnemonic, Format.JUMP_REG), register(ops[0]), register(ops[1]), off, 0);
    } else {
      write(
          word,
          Opcode.of(mnemonic, Format.JUMP_IMM),
          register(ops[0]),
          0,
          off,
          number(ops[1], IMM_MAX));
    }
  }

  static void expect(String mnemonic, String[] ops, int count) {
    if (ops.length != count) {
      throw new IllegalArgumentException(
          "'" + mnemonic + "' takes " + count + " operands, got " + ops.length);
    }
  }

  static void write(byte[] word, Opcode op, int dst, int src, int off, long imm) {
    ActionProgram.writeInstruction(word, 0, op.code(), dst, src, off, (int) imm);
  }
}
