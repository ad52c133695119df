package io.vth.core.action;

import java.util.Arrays;

/**
 * The verifier's dataflow pass. Jumps only go forward, so one sweep in instruction order sees every
 * predecessor of an instruction before the instruction itself; the state entering an instruction is
 * the meet (intersection) over all edges into it: registers written, egress set, and the packet
 * length proven by {@code require}.
 */
final class FlowAnalysis {

  private static final int EGRESS_BIT = 1 << 8;

  private final ActionProgram program;
  private final int[] written;
  private final int[] provenLength;
  private final boolean[] reached;

  FlowAnalysis(ActionProgram program) {
    this.program = program;
    int n = program.instructionCount();
    written = new int[n];
    provenLength = new int[n];
    reached = new boolean[n];
    Arrays.fill(written, -1);
    Arrays.fill(provenLength, Integer.MAX_VALUE);
  }

  /** Runs the pass; throws {@link ActionRejectedException} at the first problem. */
  void run() {
    flowInto(0, 0, 0);
    for (int i = 0; i < program.instructionCount(); i++) {
      if (!reached[i]) {
        InstructionRules.reject(RejectReason.UNREACHABLE_INSTRUCTION, i, "no path reaches it");
      }
      step(i, written[i], provenLength[i]);
    }
  }

  private void step(int i, int mask, int length) {
    Opcode op = program.opcode(i);
    int dst = program.dst(i);
    int src = program.src(i);
    int off = program.off(i);
    int out = mask;
    switch (op.format()) {
      case LOAD_IMM -> {
        if (op == Opcode.LDHI) {
          read(i, mask, dst);
        }
        out |= 1 << dst;
      }
      case ALU_REG -> {
        if (op != Opcode.MOV) {
          read(i, mask, dst);
        }
        read(i, mask, src);
        out |= 1 << dst;
      }
      case ALU_IMM -> read(i, mask, dst);
      case LOAD -> {
        access(i, off, op.width(), length);
        out |= 1 << dst;
      }
      case LOAD_INDEXED -> {
        read(i, mask, src);
        out |= 1 << dst;
      }
      case STORE -> {
        read(i, mask, src);
        access(i, off, op.width(), length);
      }
      case STORE_INDEXED -> {
        read(i, mask, dst);
        read(i, mask, src);
      }
      case COPY -> access(i, off, program.constants().length(program.imm(i)), length);
      case COPY_INDEXED -> read(i, mask, dst);
      case JUMP -> {
        flowInto(program.target(i), mask, length);
        return;
      }
      case JUMP_REG -> {
        read(i, mask, dst);
        read(i, mask, src);
        flowInto(program.target(i), mask, length);
      }
      case JUMP_IMM -> {
        read(i, mask, dst);
        flowInto(program.target(i), mask, length);
      }
      case REQUIRE -> {
        flowInto(program.target(i), mask, length);
        fallThrough(i, mask, Math.max(length, program.imm(i)));
        return;
      }
      case CALL -> {
        if (!call(i, mask, length)) {
          return;
        }
        out = callWrites(i, mask);
      }
    }
    fallThrough(i, out, length);
  }

  /** Checks a call's reads and bounds; false when the helper ends the program. */
  private boolean call(int i, int mask, int length) {
    int imm = program.imm(i);
    Helper helper = Helper.ofId(imm & 0xff);
    switch (helper) {
      case CSUM_FIX -> {
        read(i, mask, program.dst(i));
        read(i, mask, program.src(i));
        if ((imm & (Helper.CSUM_INDEXED << 16)) != 0) {
          read(i, mask, (imm >>> 20) & 0xf);
        } else {
          access(i, program.off(i), 2, length);
        }
      }
      case DNS_REWRITE -> read(i, mask, program.dst(i));
      case EMIT -> {
        if ((mask & EGRESS_BIT) == 0) {
          InstructionRules.reject(
              RejectReason.EMIT_WITHOUT_EGRESS, i, "a path reaches emit without set_egress");
        }
        return false;
      }
      case DROP -> {
        return false;
      }
      default -> {}
    }
    return true;
  }

  private int callWrites(int i, int mask) {
    Helper helper = Helper.ofId(program.imm(i) & 0xff);
    if (helper == Helper.SET_EGRESS) {
      return mask | EGRESS_BIT;
    }
    return helper == Helper.DNS_REWRITE ? mask | 1 : mask;
  }

  private void fallThrough(int i, int mask, int length) {
    if (i + 1 >= program.instructionCount()) {
      InstructionRules.reject(
          RejectReason.FALLS_OFF_END, i, "execution continues past the last instruction");
    }
    flowInto(i + 1, mask, length);
  }

  private void flowInto(int target, int mask, int length) {
    reached[target] = true;
    written[target] &= mask;
    provenLength[target] = Math.min(provenLength[target], length);
  }

  private static void read(int i, int mask, int reg) {
    if ((mask & (1 << reg)) == 0) {
      InstructionRules.reject(
          RejectReason.UNINITIALIZED_REGISTER, i, "r" + reg + " is read before it is written");
    }
  }

  private static void access(int i, int off, int width, int length) {
    if (off + width > length) {
      InstructionRules.reject(
          RejectReason.PACKET_ACCESS_UNPROVEN,
          i,
          "bytes "
              + off
              + ".."
              + (off + width - 1)
              + " but only "
              + length
              + " bytes are proven by require");
    }
  }
}
