package io.vth.core.action;

import static io.vth.core.action.AssemblySyntax.memory;
import static io.vth.core.action.AssemblySyntax.number;
import static io.vth.core.action.AssemblySyntax.register;
import static io.vth.core.action.InstructionSyntax.expect;

import io.vth.core.action.AssemblySyntax.Memory;
import java.util.function.ToIntFunction;

/** Encodes {@code call helper operands} instructions, and prints them back. */
final class CallSyntax {

  private final ToIntFunction<String> constant;

  CallSyntax(ToIntFunction<String> constant) {
    this.constant = constant;
  }

  void encode(String text, byte[] word) {
    String[] head = text.split("\\s+", 2);
    Helper helper = Helper.ofMnemonic(head[0]);
    if (helper == null) {
      throw new IllegalArgumentException(
          "unknown helper '" + head[0] + "' (csum_fix, set_egress, dns_rewrite, drop, emit)");
    }
    String rest = head.length > 1 ? head[1].trim() : "";
    String[] ops = rest.isEmpty() ? new String[0] : rest.split("\\s*,\\s*");
    String name = "call " + helper.mnemonic();
    int id = helper.id();
    switch (helper) {
      case CSUM_FIX -> csumFix(ops, word, name);
      case SET_EGRESS -> {
        expect(name, ops, 1);
        write(word, 0, 0, 0, id | constant.applyAsInt(ops[0]) << 8);
      }
      case DNS_REWRITE -> {
        expect(name, ops, 4);
        int map4 = mapping(ops[1]);
        int map6 = mapping(ops[2]);
        int ttl = (int) number(ops[3], 0xffff);
        write(word, register(ops[0]), 0, ttl, id | map4 << 8 | map6 << 16);
      }
      case DROP -> {
        expect(name, ops, 1);
        DropReason reason = DropReason.ofLabel(ops[0]);
        if (reason == null) {
          throw new IllegalArgumentException("unknown drop reason '" + ops[0] + "'");
        }
        write(word, 0, 0, 0, id | reason.code() << 8);
      }
      case EMIT -> {
        expect(name, ops, 0);
        write(word, 0, 0, 0, id);
      }
    }
  }

  private void csumFix(String[] ops, byte[] word, String name) {
    if (ops.length != 4 && ops.length != 5) {
      throw new IllegalArgumentException(name + " takes [field], old, new, bits[, udp]");
    }
    Memory field = memory(ops[0]);
    int bits = (int) number(ops[3], 64);
    if (bits != 16 && bits != 32 && bits != 64) {
      throw new IllegalArgumentException(
          "checksum change width '" + ops[3] + "' is not 16, 32 or 64");
    }
    int flags = 0;
    if (ops.length == 5) {
      if (!ops[4].equals("udp")) {
        throw new IllegalArgumentException("expected 'udp', got '" + ops[4] + "'");
      }
      flags |= Helper.CSUM_UDP;
    }
    if (field.base() >= 0) {
      flags |= Helper.CSUM_INDEXED | field.base() << 4;
    }
    int imm = Helper.CSUM_FIX.id() | (bits / 8) << 8 | flags << 16;
    write(word, register(ops[1]), register(ops[2]), field.offset(), imm);
  }

  private int mapping(String operand) {
    return operand.equals("none") ? Helper.NO_MAPPING : constant.applyAsInt(operand);
  }

  private static void write(byte[] word, int dst, int src, int off, int imm) {
    ActionProgram.writeInstruction(word, 0, Opcode.CALL.code(), dst, src, off, imm);
  }

  /** The operands of a verified call at {@code i}, as {@link #encode} reads them. */
  static String format(ActionProgram p, int i) {
    int imm = p.imm(i);
    int a = (imm >>> 8) & 0xff;
    int b = (imm >>> 16) & 0xff;
    Helper helper = Helper.ofId(imm & 0xff);
    String call = "call " + helper.mnemonic();
    return switch (helper) {
      case CSUM_FIX ->
          call
              + " "
              + AssemblySyntax.memory((b & Helper.CSUM_INDEXED) != 0 ? b >>> 4 : -1, p.off(i))
              + ", r"
              + p.dst(i)
              + ", r"
              + p.src(i)
              + ", "
              + a * 8
              + ((b & Helper.CSUM_UDP) != 0 ? ", udp" : "");
      case SET_EGRESS -> call + " c" + a;
      case DNS_REWRITE ->
          call + " r" + p.dst(i) + ", " + mappingName(a) + ", " + mappingName(b) + ", " + p.off(i);
      case DROP -> call + " " + DropReason.ofCode(a).label();
      case EMIT -> call;
    };
  }

  private static String mappingName(int index) {
    return index == Helper.NO_MAPPING ? "none" : "c" + index;
  }
}
