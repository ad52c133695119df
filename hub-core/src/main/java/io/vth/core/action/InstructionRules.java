package io.vth.core.action;

import io.vth.core.action.Opcode.Format;

/**
 * The per-instruction checks of the verifier: fields in range, unused fields zero, sane operands.
 */
final class InstructionRules {

  private final int count;
  private final ConstantPool pool;

  InstructionRules(int count, ConstantPool pool) {
    this.count = count;
    this.pool = pool;
  }

  /** Checks instruction {@code i}; {@code op} is known, the raw fields are as encoded. */
  void check(int i, Opcode op, int dst, int src, int off, int imm) {
    Format f = op.format();
    boolean usesDst =
        f != Format.STORE && f != Format.COPY && f != Format.JUMP && f != Format.REQUIRE;
    boolean usesSrc =
        f == Format.ALU_REG
            || f == Format.LOAD_INDEXED
            || f == Format.STORE
            || f == Format.STORE_INDEXED
            || f == Format.JUMP_REG;
    boolean usesOff = f != Format.LOAD_IMM && f != Format.ALU_REG && f != Format.ALU_IMM;
    boolean usesImm =
        f == Format.LOAD_IMM
            || f == Format.ALU_IMM
            || f == Format.COPY
            || f == Format.COPY_INDEXED
            || f == Format.JUMP_IMM
            || f == Format.REQUIRE;
    if (f == Format.CALL) {
      checkCall(i, dst, src, off, imm);
      return;
    }
    unused(i, usesDst || dst == 0, "dst register field");
    unused(i, usesSrc || src == 0, "src register field");
    unused(i, usesOff || off == 0, "off field");
    unused(i, usesImm || imm == 0, "imm field");
    register(i, dst);
    register(i, src);
    switch (f) {
      case ALU_IMM -> {
        boolean shift = op == Opcode.LSHI || op == Opcode.RSHI || op == Opcode.ARSHI;
        if (shift && (imm < 0 || imm > 63)) {
          reject(RejectReason.BAD_IMMEDIATE, i, "shift by " + Integer.toUnsignedString(imm));
        }
      }
      case COPY, COPY_INDEXED -> constant(i, imm, ConstantType.BYTES);
      case JUMP, JUMP_REG, JUMP_IMM -> jump(i, off);
      case REQUIRE -> {
        if (imm < 1 || imm > 65535) {
          reject(RejectReason.BAD_IMMEDIATE, i, "require length " + Integer.toUnsignedString(imm));
        }
        jump(i, off);
      }
      default -> {}
    }
  }

  private void checkCall(int i, int dst, int src, int off, int imm) {
    Helper helper = Helper.ofId(imm & 0xff);
    if (helper == null) {
      reject(RejectReason.UNKNOWN_HELPER, i, "helper " + (imm & 0xff));
    }
    int a = (imm >>> 8) & 0xff;
    int b = (imm >>> 16) & 0xff;
    int c = imm >>> 24;
    switch (helper) {
      case CSUM_FIX -> {
        unused(i, c == 0 && (b & 0x0c) == 0, "csum_fix imm bits 18..19, 24..31");
        boolean indexed = (b & Helper.CSUM_INDEXED) != 0;
        unused(i, indexed || (b >>> 4) == 0, "csum_fix base register without the indexed flag");
        register(i, dst);
        register(i, src);
        register(i, b >>> 4);
        if (a != 2 && a != 4 && a != 8) {
          reject(RejectReason.BAD_HELPER_ARGUMENT, i, "csum_fix width " + a + " bytes");
        }
      }
      case SET_EGRESS -> {
        unused(i, dst == 0 && src == 0 && off == 0 && b == 0 && c == 0, "set_egress fields");
        constant(i, a, ConstantType.EGRESS);
      }
      case DNS_REWRITE -> {
        unused(i, src == 0 && c == 0, "dns_rewrite src field or imm bits 24..31");
        register(i, dst);
        if (a == Helper.NO_MAPPING && b == Helper.NO_MAPPING) {
          reject(RejectReason.BAD_HELPER_ARGUMENT, i, "dns_rewrite without any mapping");
        }
        if (a != Helper.NO_MAPPING) {
          constant(i, a, ConstantType.MAP4);
        }
        if (b != Helper.NO_MAPPING) {
          constant(i, b, ConstantType.MAP6);
        }
      }
      case DROP -> {
        unused(i, dst == 0 && src == 0 && off == 0 && b == 0 && c == 0, "drop fields");
        if (DropReason.ofCode(a) == null) {
          reject(RejectReason.BAD_DROP_REASON, i, "reason code " + a);
        }
      }
      case EMIT -> unused(i, dst == 0 && src == 0 && off == 0 && imm == Helper.EMIT.id(), "emit");
    }
  }

  private void jump(int i, int off) {
    int delta = (short) off;
    if (delta < 0) {
      reject(
          RejectReason.BACKWARD_JUMP, i, "jump by " + delta + " to instruction " + (i + 1 + delta));
    }
    if (i + 1 + delta >= count) {
      reject(
          RejectReason.JUMP_OUT_OF_RANGE,
          i,
          "jump to " + (i + 1 + delta) + " in a program of " + count + " instructions");
    }
  }

  private void constant(int i, int index, ConstantType expected) {
    if (index < 0 || index >= pool.count()) {
      reject(RejectReason.BAD_CONSTANT_INDEX, i, "constant " + index + " of " + pool.count());
    }
    if (pool.type(index) != expected) {
      reject(
          RejectReason.BAD_CONSTANT_INDEX,
          i,
          "constant "
              + index
              + " is "
              + pool.type(index).keyword()
              + ", needs "
              + expected.keyword());
    }
  }

  private static void register(int i, int reg) {
    if (reg > 7) {
      reject(RejectReason.BAD_REGISTER, i, "register r" + reg);
    }
  }

  private static void unused(int i, boolean zero, String what) {
    if (!zero) {
      reject(RejectReason.RESERVED_BITS_SET, i, what + " must be zero");
    }
  }

  static void reject(RejectReason reason, int i, String detail) {
    throw new ActionRejectedException(reason, i, detail);
  }
}
