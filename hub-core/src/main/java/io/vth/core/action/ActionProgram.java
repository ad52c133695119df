package io.vth.core.action;

import java.util.Arrays;

/**
 * A verified, immutable action program: what a decision pod compiles for a flow and a dataplane pod
 * runs on each of its packets. Only {@link ActionVerifier} creates instances, so holding one means
 * it passed verification.
 *
 * <p>Encoding (big-endian): an 8-byte header {@code 'V' 'A', version 1, 0, instruction count (u16),
 * constant count (u8), 0}, then the instructions (8 bytes each: opcode, {@code dst << 4 | src}, off
 * (u16), imm (u32)), then the constant pool (see {@link ConstantPool}).
 */
public final class ActionProgram {

  /** The first two bytes of every encoded program: {@code "VA"}. */
  public static final int MAGIC = 0x5641;

  /** The encoding version this code reads and writes. */
  public static final int VERSION = 1;

  /** Bytes of the header. */
  public static final int HEADER_LENGTH = 8;

  /** Bytes of one instruction. */
  public static final int INSTRUCTION_LENGTH = 8;

  /** Most instructions a program may have (2 KiB of code: fits in one datagram). */
  public static final int MAX_INSTRUCTIONS = 256;

  private final byte[] encoded;
  private final Opcode[] ops;
  private final int[] dst;
  private final int[] src;
  private final int[] off;
  private final int[] imm;
  private final ConstantPool pool;

  ActionProgram(
      byte[] encoded, Opcode[] ops, int[] dst, int[] src, int[] off, int[] imm, ConstantPool pool) {
    this.encoded = encoded;
    this.ops = ops;
    this.dst = dst;
    this.src = src;
    this.off = off;
    this.imm = imm;
    this.pool = pool;
  }

  /** A copy of the binary encoding, ready to send. */
  public byte[] encode() {
    return encoded.clone();
  }

  /** Number of instructions. */
  public int instructionCount() {
    return ops.length;
  }

  /** The operation of instruction {@code index}. */
  public Opcode opcode(int index) {
    return ops[index];
  }

  /** The constant pool. */
  public ConstantPool constants() {
    return pool;
  }

  /** The program as assembly text that re-assembles to the same bytes. */
  public String disassemble() {
    return ActionDisassembler.disassemble(this);
  }

  /** What the program does, in words a person debugging a flow can read. */
  public String describe() {
    return ActionDescriber.describe(this);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ActionProgram p && Arrays.equals(encoded, p.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return disassemble();
  }

  /** The dst register field of instruction {@code index}. */
  int dst(int index) {
    return dst[index];
  }

  /** The src register field of instruction {@code index}. */
  int src(int index) {
    return src[index];
  }

  /** The off field of instruction {@code index} as an unsigned 16-bit value. */
  int off(int index) {
    return off[index];
  }

  /** The imm field of instruction {@code index} (32 bits; zero-extended where it is a value). */
  int imm(int index) {
    return imm[index];
  }

  /** The index a jump at {@code index} goes to: next instruction plus the signed off field. */
  int target(int index) {
    return index + 1 + (short) off[index];
  }

  /** Shared arrays for the interpreter's loop; never modified. */
  Opcode[] opsArray() {
    return ops;
  }

  int[] dstArray() {
    return dst;
  }

  int[] srcArray() {
    return src;
  }

  int[] offArray() {
    return off;
  }

  int[] immArray() {
    return imm;
  }

  /** Writes one instruction in the 8-byte encoding at {@code buf[at]}. */
  static void writeInstruction(byte[] buf, int at, int opcode, int dst, int src, int off, int imm) {
    buf[at] = (byte) opcode;
    buf[at + 1] = (byte) ((dst << 4) | (src & 0xf));
    buf[at + 2] = (byte) (off >>> 8);
    buf[at + 3] = (byte) off;
    buf[at + 4] = (byte) (imm >>> 24);
    buf[at + 5] = (byte) (imm >>> 16);
    buf[at + 6] = (byte) (imm >>> 8);
    buf[at + 7] = (byte) imm;
  }
}
