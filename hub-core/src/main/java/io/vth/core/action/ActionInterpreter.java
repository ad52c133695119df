package io.vth.core.action;

import io.vth.core.action.Opcode.Alu;
import io.vth.core.action.Opcode.Cond;
import io.vth.core.packet.Checksum;

/**
 * Runs verified action programs on packets. One instance per worker thread (it keeps the registers
 * and the DNS translator); {@link #run} allocates nothing and never throws.
 *
 * <p>The packet is the inner IP packet, offset 0 being the first byte of the IP header; the program
 * rewrites it in place and never changes its length.
 */
public final class ActionInterpreter {

  /** The result of {@link #run} when the packet is to be sent; any other result is a drop code. */
  public static final int EMIT = 0;

  /** What a helper call returns when the program goes on. */
  private static final int CONTINUE = -1;

  private final long[] reg = new long[8];
  private final DnsRewriteCall dnsRewrite;

  /** An interpreter whose {@code dns_rewrite} helper uses {@code dns} to edit DNS messages. */
  public ActionInterpreter(DnsAnswerRewriting dns) {
    this.dnsRewrite = new DnsRewriteCall(dns);
  }

  /**
   * Runs {@code program} on {@code packet[0, length)}, leaving the egress in {@code egress}.
   *
   * @return {@link #EMIT}, or the {@link DropReason#code()} of why the packet is dropped
   */
  public int run(ActionProgram program, byte[] packet, int length, EgressContext egress) {
    egress.clear();
    if (packet == null || length < 0 || length > packet.length) {
      return DropReason.MALFORMED.code();
    }
    Opcode[] ops = program.opsArray();
    int[] dsts = program.dstArray();
    int[] srcs = program.srcArray();
    int[] offs = program.offArray();
    int[] imms = program.immArray();
    long[] r = reg;
    int pc = 0;
    while (pc < ops.length) {
      Opcode op = ops[pc];
      int d = dsts[pc];
      int s = srcs[pc];
      int off = offs[pc];
      long imm = imms[pc] & 0xffffffffL;
      int next = pc + 1;
      switch (op.format()) {
        case LOAD_IMM -> r[d] = op == Opcode.LDHI ? (imm << 32) | (r[d] & 0xffffffffL) : imm;
        case ALU_REG -> r[d] = alu(op.variant(), r[d], r[s]);
        case ALU_IMM -> r[d] = alu(op.variant(), r[d], imm);
        case LOAD -> r[d] = load(packet, off, op.width());
        case LOAD_INDEXED -> {
          int at = checkedOffset(r[s], off, op.width(), length);
          if (at < 0) {
            return DropReason.MALFORMED.code();
          }
          r[d] = load(packet, at, op.width());
        }
        case STORE -> store(packet, off, op.width(), r[s]);
        case STORE_INDEXED -> {
          int at = checkedOffset(r[d], off, op.width(), length);
          if (at < 0) {
            return DropReason.MALFORMED.code();
          }
          store(packet, at, op.width(), r[s]);
        }
        case COPY, COPY_INDEXED -> {
          ConstantPool pool = program.constants();
          int index = (int) imm;
          int at = op == Opcode.COPY ? off : checkedOffset(r[d], off, pool.length(index), length);
          if (at < 0) {
            return DropReason.MALFORMED.code();
          }
          System.arraycopy(pool.data(), pool.start(index), packet, at, pool.length(index));
        }
        case JUMP -> next = program.target(pc);
        case JUMP_REG -> next = test(op.variant(), r[d], r[s]) ? program.target(pc) : next;
        case JUMP_IMM -> next = test(op.variant(), r[d], imm) ? program.target(pc) : next;
        case REQUIRE -> next = length < imm ? program.target(pc) : next;
        case CALL -> {
          int result = call(program, pc, packet, length, egress);
          if (result != CONTINUE) {
            return result;
          }
        }
      }
      pc = next;
    }
    // Not reached: the verifier proved that every path ends in emit or drop.
    return DropReason.MALFORMED.code();
  }

  private int call(ActionProgram program, int pc, byte[] packet, int length, EgressContext egress) {
    int imm = program.imm(pc);
    int a = (imm >>> 8) & 0xff;
    int b = (imm >>> 16) & 0xff;
    ConstantPool pool = program.constants();
    switch (Helper.ofId(imm & 0xff)) {
      case CSUM_FIX -> {
        boolean indexed = (b & Helper.CSUM_INDEXED) != 0;
        int at =
            indexed ? checkedOffset(reg[b >>> 4], program.off(pc), 2, length) : program.off(pc);
        if (at < 0) {
          return DropReason.MALFORMED.code();
        }
        fixChecksum(
            packet, at, reg[program.dst(pc)], reg[program.src(pc)], a, (b & Helper.CSUM_UDP) != 0);
      }
      case SET_EGRESS -> egress.set(pool.data(), pool.start(a));
      case DNS_REWRITE -> {
        int map4 = a == Helper.NO_MAPPING ? -1 : pool.start(a);
        int map6 = b == Helper.NO_MAPPING ? -1 : pool.start(b);
        long result =
            dnsRewrite.run(
                packet, length, reg[program.dst(pc)], pool.data(), map4, map6, program.off(pc));
        if (result == DnsRewriteCall.CODEC_FAILED) {
          return DropReason.MALFORMED.code();
        }
        reg[0] = result;
      }
      case DROP -> {
        return a;
      }
      case EMIT -> {
        return EMIT;
      }
    }
    return CONTINUE;
  }

  private static void fixChecksum(byte[] p, int at, long old, long now, int width, boolean udp) {
    int checksum = Checksum.read16(p, at);
    if (udp && checksum == 0) {
      return;
    }
    if (width == 2) {
      checksum = Checksum.update16(checksum, (int) old & 0xffff, (int) now & 0xffff);
    } else {
      checksum = Checksum.update32(checksum, (int) old, (int) now);
      if (width == 8) {
        checksum = Checksum.update32(checksum, (int) (old >>> 32), (int) (now >>> 32));
      }
    }
    Checksum.write16(p, at, udp && checksum == 0 ? 0xffff : checksum);
  }

  /** {@code base + off} when {@code width} bytes there lie inside the packet, else -1. */
  private static int checkedOffset(long base, int off, int width, int length) {
    long at = base + off;
    return at >= 0 && at <= length - width ? (int) at : -1;
  }

  private static long alu(int variant, long a, long b) {
    return switch (variant) {
      case Alu.MOV -> b;
      case Alu.ADD -> a + b;
      case Alu.SUB -> a - b;
      case Alu.AND -> a & b;
      case Alu.OR -> a | b;
      case Alu.XOR -> a ^ b;
      case Alu.LSH -> a << (b & 63);
      case Alu.RSH -> a >>> (b & 63);
      default -> a >> (b & 63);
    };
  }

  private static boolean test(int cond, long a, long b) {
    return switch (cond) {
      case Cond.EQ -> a == b;
      case Cond.NE -> a != b;
      case Cond.GT -> Long.compareUnsigned(a, b) > 0;
      case Cond.GE -> Long.compareUnsigned(a, b) >= 0;
      case Cond.LT -> Long.compareUnsigned(a, b) < 0;
      case Cond.LE -> Long.compareUnsigned(a, b) <= 0;
      case Cond.SGT -> a > b;
      case Cond.SGE -> a >= b;
      case Cond.SLT -> a < b;
      case Cond.SLE -> a <= b;
      default -> (a & b) != 0;
    };
  }

  private static long load(byte[] p, int at, int width) {
    long value = 0;
    for (int i = 0; i < width; i++) {
      value = (value << 8) | (p[at + i] & 0xff);
    }
    return value;
  }

  private static void store(byte[] p, int at, int width, long value) {
    for (int i = width - 1; i >= 0; i--) {
      p[at + i] = (byte) value;
      value >>>= 8;
    }
  }
}
