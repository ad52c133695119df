package io.vth.core.action;

import static io.vth.core.action.RawProgram.egressConstant;
import static io.vth.core.action.RawProgram.word;

import java.util.Random;

/**
 * Random encoded programs that mostly pass the verifier: registers written up front, an egress set,
 * a {@code require} guarding the packet, then random instructions whose fields are drawn near the
 * valid ranges. Some are invalid on purpose (dead code after a jump, an access beyond the proven
 * length, a flipped byte), which exercises the verifier too.
 */
final class RandomPrograms {

  private static final int PROLOGUE = 10;
  private static final Opcode[] OPS = Opcode.values();
  private static final byte[][] POOL = {
    egressConstant(),
    entry("ipv6 2001:db8::9"),
    entry("ipv4 100.64.7.10"),
    entry("map4 10.0.0.0/8 11.0.0.0/8"),
    entry("map6 fd00::/32 2001:db8::/32")
  };

  private static byte[] entry(String text) {
    ConstantSyntax.Entry e = ConstantSyntax.parse(text.split(" "));
    byte[] out = new byte[2 + e.data().length];
    out[0] = (byte) e.type().code();
    out[1] = (byte) e.data().length;
    System.arraycopy(e.data(), 0, out, 2, e.data().length);
    return out;
  }

  private RandomPrograms() {}

  static byte[] generate(Random rnd) {
    int body = rnd.nextInt(24);
    int total = PROLOGUE + body + 2;
    int required = 1 + rnd.nextInt(80);
    long[] words = new long[total];
    for (int r = 0; r < 8; r++) {
      words[r] =
          word(Opcode.LDI.code(), r, 0, 0, rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(64));
    }
    words[8] = RawProgram.call(Helper.SET_EGRESS.id(), 0);
    words[9] = word(Opcode.REQUIRE.code(), 0, 0, total - 1 - 10, required);
    for (int i = PROLOGUE; i < PROLOGUE + body; i++) {
      words[i] = instruction(rnd, i, total, required);
    }
    words[total - 2] = RawProgram.call(Helper.EMIT.id(), 0);
    words[total - 1] = RawProgram.drop(DropReason.MALFORMED);
    byte[] encoded = RawProgram.encode(words, POOL);
    if (rnd.nextInt(20) == 0) {
      encoded[rnd.nextInt(encoded.length)] ^= (byte) (1 << rnd.nextInt(8));
    }
    return encoded;
  }

  private static long instruction(Random rnd, int at, int total, int required) {
    Opcode op = OPS[rnd.nextInt(OPS.length)];
    while (op == Opcode.JA && rnd.nextInt(4) != 0) {
      op = OPS[rnd.nextInt(OPS.length)];
    }
    int d = rnd.nextInt(8);
    int s = rnd.nextInt(8);
    int jump = rnd.nextInt(total - 1 - at);
    int inside = rnd.nextInt(Math.max(1, required - Math.max(op.width(), 1) + 1));
    return switch (op.format()) {
      case LOAD_IMM -> word(op.code(), d, 0, 0, rnd.nextInt());
      case ALU_REG -> word(op.code(), d, s, 0, 0);
      case ALU_IMM ->
          word(op.code(), d, 0, 0, op.name().contains("SH") ? rnd.nextInt(64) : rnd.nextInt(300));
      case LOAD -> word(op.code(), d, 0, inside, 0);
      case STORE -> word(op.code(), 0, s, inside, 0);
      case LOAD_INDEXED, STORE_INDEXED -> word(op.code(), d, s, rnd.nextInt(100), 0);
      case COPY ->
          word(op.code(), 0, 0, rnd.nextInt(Math.max(1, required - 3)), 1 + rnd.nextInt(2));
      case COPY_INDEXED -> word(op.code(), d, 0, rnd.nextInt(100), 1 + rnd.nextInt(2));
      case JUMP -> word(op.code(), 0, 0, jump, 0);
      case JUMP_REG -> word(op.code(), d, s, jump, 0);
      case JUMP_IMM ->
          word(op.code(), d, 0, jump, rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(64));
      case REQUIRE -> word(op.code(), 0, 0, jump, 1 + rnd.nextInt(100));
      case CALL -> call(rnd, d, s, inside);
    };
  }

  private static long call(Random rnd, int d, int s, int inside) {
    int choice = rnd.nextInt(10);
    if (choice < 5) {
      int width = 2 << rnd.nextInt(3);
      int flags =
          rnd.nextInt(2) | (rnd.nextBoolean() ? Helper.CSUM_INDEXED | rnd.nextInt(8) << 4 : 0);
      int off = (flags & Helper.CSUM_INDEXED) != 0 ? rnd.nextInt(100) : inside;
      return word(Opcode.CALL.code(), d, s, off, Helper.CSUM_FIX.id() | width << 8 | flags << 16);
    }
    if (choice < 8) {
      int map4 = rnd.nextBoolean() ? 3 : Helper.NO_MAPPING;
      int map6 = map4 == Helper.NO_MAPPING || rnd.nextBoolean() ? 4 : Helper.NO_MAPPING;
      return word(
          Opcode.CALL.code(),
          d,
          0,
          rnd.nextInt(600),
          Helper.DNS_REWRITE.id() | map4 << 8 | map6 << 16);
    }
    return choice == 8
        ? RawProgram.call(Helper.SET_EGRESS.id(), 0)
        : RawProgram.drop(DropReason.values()[rnd.nextInt(DropReason.values().length)]);
  }
}
