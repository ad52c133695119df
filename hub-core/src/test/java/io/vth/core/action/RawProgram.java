package io.vth.core.action;

import java.io.ByteArrayOutputStream;

/** Builds encoded programs byte by byte, including ones the assembler would refuse to write. */
final class RawProgram {

  private RawProgram() {}

  /** One instruction word: opcode, dst, src, off, imm. */
  static long word(int opcode, int dst, int src, int off, int imm) {
    return ((long) opcode << 56)
        | ((long) ((dst << 4) | src) << 48)
        | ((long) (off & 0xffff) << 32)
        | (imm & 0xffffffffL);
  }

  /** A call of helper {@code id} with {@code args} in imm bits 8..31. */
  static long call(int id, int args) {
    return word(Opcode.CALL.code(), 0, 0, 0, id | args << 8);
  }

  static long drop(DropReason reason) {
    return call(Helper.DROP.id(), reason.code());
  }

  /** A pool entry: type, length, bytes. */
  static byte[] constant(int type, int... data) {
    byte[] out = new byte[2 + data.length];
    out[0] = (byte) type;
    out[1] = (byte) data.length;
    for (int i = 0; i < data.length; i++) {
      out[2 + i] = (byte) data[i];
    }
    return out;
  }

  static byte[] egressConstant() {
    return constant(2, 0, 0, 0x1b, 0x59, 10, 20, 0, 2, 0x12, 0xb5, 2, 0, 0x5e, 0, 0x53, 1);
  }

  static byte[] encode(long[] words, byte[]... constants) {
    return encode(words.length, constants.length, words, constants);
  }

  /** An encoding whose header announces the given counts, whatever follows. */
  static byte[] encode(int count, int constantCount, long[] words, byte[]... constants) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'V', 'A', 1, 0, (byte) (count >>> 8), (byte) count});
    out.writeBytes(new byte[] {(byte) constantCount, 0});
    for (long w : words) {
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (w >>> shift));
      }
    }
    for (byte[] c : constants) {
      out.writeBytes(c);
    }
    return out.toByteArray();
  }
}
