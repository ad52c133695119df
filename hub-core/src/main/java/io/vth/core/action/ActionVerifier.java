package io.vth.core.action;

import java.util.Arrays;

/**
 * Decodes and verifies an encoded action program: the gate every program passes before a dataplane
 * pod caches or runs it. A program it accepts always ends (jumps only go forward) by {@code emit}
 * or {@code drop}, reads only registers it wrote, and touches packet bytes at constant offsets only
 * where a {@code require} proved the packet long enough. Accesses at register offsets cannot be
 * proven without tracking register values, so the interpreter checks them and drops the packet as
 * {@link DropReason#MALFORMED} when they fall outside it.
 *
 * <p>Runs once per received program, not per packet, so it allocates and reports by exception.
 */
public final class ActionVerifier {

  private ActionVerifier() {}

  /** Verifies a whole array as one encoded program. */
  public static ActionProgram verify(byte[] encoded) {
    return verify(encoded, 0, encoded.length);
  }

  /**
   * Verifies the encoded program in {@code buf[off, off + len)}.
   *
   * @throws ActionRejectedException with the reason and instruction index when it fails
   */
  public static ActionProgram verify(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IllegalArgumentException(
          "range [" + off + ", " + off + "+" + len + ") outside a buffer of " + buf.length);
    }
    if (len < ActionProgram.HEADER_LENGTH) {
      fail(RejectReason.TRUNCATED, "header needs 8 bytes, got " + len);
    }
    int magic = ((buf[off] & 0xff) << 8) | (buf[off + 1] & 0xff);
    if (magic != ActionProgram.MAGIC) {
      fail(RejectReason.BAD_MAGIC, String.format("magic 0x%04x", magic));
    }
    if ((buf[off + 2] & 0xff) != ActionProgram.VERSION) {
      fail(RejectReason.UNSUPPORTED_VERSION, "version " + (buf[off + 2] & 0xff));
    }
    if (buf[off + 3] != 0 || buf[off + 7] != 0) {
      fail(RejectReason.RESERVED_BITS_SET, "header bytes 3 and 7 must be zero");
    }
    int count = ((buf[off + 4] & 0xff) << 8) | (buf[off + 5] & 0xff);
    if (count == 0) {
      fail(RejectReason.EMPTY_PROGRAM, "no instructions");
    }
    if (count > ActionProgram.MAX_INSTRUCTIONS) {
      fail(
          RejectReason.TOO_MANY_INSTRUCTIONS,
          count + " instructions, limit " + ActionProgram.MAX_INSTRUCTIONS);
    }
    int codeStart = off + ActionProgram.HEADER_LENGTH;
    int poolStart = codeStart + count * ActionProgram.INSTRUCTION_LENGTH;
    if (poolStart > off + len) {
      fail(RejectReason.TRUNCATED, count + " instructions need " + (poolStart - off) + " bytes");
    }
    ConstantPool pool = ConstantPool.decode(buf, poolStart, off + len, buf[off + 6] & 0xff);
    if (poolStart + pool.encodedLength() != off + len) {
      fail(
          RejectReason.TRAILING_BYTES,
          (off + len - poolStart - pool.encodedLength()) + " bytes after the constant pool");
    }
    ActionProgram program = decodeInstructions(buf, off, len, count, codeStart, pool);
    new FlowAnalysis(program).run();
    return program;
  }

  private static ActionProgram decodeInstructions(
      byte[] buf, int off, int len, int count, int codeStart, ConstantPool pool) {
    Opcode[] ops = new Opcode[count];
    int[] dst = new int[count];
    int[] src = new int[count];
    int[] offs = new int[count];
    int[] imm = new int[count];
    InstructionRules rules = new InstructionRules(count, pool);
    for (int i = 0; i < count; i++) {
      int at = codeStart + i * ActionProgram.INSTRUCTION_LENGTH;
      ops[i] = Opcode.ofCode(buf[at] & 0xff);
      if (ops[i] == null) {
        InstructionRules.reject(
            RejectReason.UNKNOWN_OPCODE, i, String.format("opcode 0x%02x", buf[at] & 0xff));
      }
      dst[i] = (buf[at + 1] & 0xf0) >>> 4;
      src[i] = buf[at + 1] & 0x0f;
      offs[i] = ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
      imm[i] =
          ((buf[at + 4] & 0xff) << 24)
              | ((buf[at + 5] & 0xff) << 16)
              | ((buf[at + 6] & 0xff) << 8)
              | (buf[at + 7] & 0xff);
      rules.check(i, ops[i], dst[i], src[i], offs[i], imm[i]);
    }
    byte[] encoded = Arrays.copyOfRange(buf, off, off + len);
    return new ActionProgram(encoded, ops, dst, src, offs, imm, pool);
  }

  private static void fail(RejectReason reason, String detail) {
    throw new ActionRejectedException(reason, -1, detail);
  }
}
