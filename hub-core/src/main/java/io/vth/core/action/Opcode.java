package io.vth.core.action;

/**
 * The operations of the action instruction set, with their opcode byte, assembly mnemonic and
 * operand format. Register and immediate forms of one operation share a mnemonic.
 */
public enum Opcode {
  LDI(0x01, "ldi", Format.LOAD_IMM, 0, 0),
  LDHI(0x02, "ldhi", Format.LOAD_IMM, 1, 0),
  MOV(0x10, "mov", Format.ALU_REG, Alu.MOV, 0),
  ADD(0x11, "add", Format.ALU_REG, Alu.ADD, 0),
  SUB(0x12, "sub", Format.ALU_REG, Alu.SUB, 0),
  AND(0x13, "and", Format.ALU_REG, Alu.AND, 0),
  OR(0x14, "or", Format.ALU_REG, Alu.OR, 0),
  XOR(0x15, "xor", Format.ALU_REG, Alu.XOR, 0),
  LSH(0x16, "lsh", Format.ALU_REG, Alu.LSH, 0),
  RSH(0x17, "rsh", Format.ALU_REG, Alu.RSH, 0),
  ARSH(0x18, "arsh", Format.ALU_REG, Alu.ARSH, 0),
  ADDI(0x21, "add", Format.ALU_IMM, Alu.ADD, 0),
  SUBI(0x22, "sub", Format.ALU_IMM, Alu.SUB, 0),
  ANDI(0x23, "and", Format.ALU_IMM, Alu.AND, 0),
  ORI(0x24, "or", Format.ALU_IMM, Alu.OR, 0),
  XORI(0x25, "xor", Format.ALU_IMM, Alu.XOR, 0),
  LSHI(0x26, "lsh", Format.ALU_IMM, Alu.LSH, 0),
  RSHI(0x27, "rsh", Format.ALU_IMM, Alu.RSH, 0),
  ARSHI(0x28, "arsh", Format.ALU_IMM, Alu.ARSH, 0),
  LDB(0x30, "ldb", Format.LOAD, 0, 1),
  LDH(0x31, "ldh", Format.LOAD, 0, 2),
  LDW(0x32, "ldw", Format.LOAD, 0, 4),
  LDD(0x33, "ldd", Format.LOAD, 0, 8),
  LDBX(0x34, "ldb", Format.LOAD_INDEXED, 0, 1),
  LDHX(0x35, "ldh", Format.LOAD_INDEXED, 0, 2),
  LDWX(0x36, "ldw", Format.LOAD_INDEXED, 0, 4),
  LDDX(0x37, "ldd", Format.LOAD_INDEXED, 0, 8),
  STB(0x38, "stb", Format.STORE, 0, 1),
  STH(0x39, "sth", Format.STORE, 0, 2),
  STW(0x3a, "stw", Format.STORE, 0, 4),
  STD(0x3b, "std", Format.STORE, 0, 8),
  STBX(0x3c, "stb", Format.STORE_INDEXED, 0, 1),
  STHX(0x3d, "sth", Format.STORE_INDEXED, 0, 2),
  STWX(0x3e, "stw", Format.STORE_INDEXED, 0, 4),
  STDX(0x3f, "std", Format.STORE_INDEXED, 0, 8),
  COPY(0x40, "copy", Format.COPY, 0, 0),
  COPYX(0x41, "copy", Format.COPY_INDEXED, 0, 0),
  JA(0x50, "ja", Format.JUMP, 0, 0),
  JEQ(0x51, "jeq", Format.JUMP_REG, Cond.EQ, 0),
  JNE(0x52, "jne", Format.JUMP_REG, Cond.NE, 0),
  JGT(0x53, "jgt", Format.JUMP_REG, Cond.GT, 0),
  JGE(0x54, "jge", Format.JUMP_REG, Cond.GE, 0),
  JLT(0x55, "jlt", Format.JUMP_REG, Cond.LT, 0),
  JLE(0x56, "jle", Format.JUMP_REG, Cond.LE, 0),
  JSGT(0x57, "jsgt", Format.JUMP_REG, Cond.SGT, 0),
  JSGE(0x58, "jsge", Format.JUMP_REG, Cond.SGE, 0),
  JSLT(0x59, "jslt", Format.JUMP_REG, Cond.SLT, 0),
  JSLE(0x5a, "jsle", Format.JUMP_REG, Cond.SLE, 0),
  JSET(0x5b, "jset", Format.JUMP_REG, Cond.SET, 0),
  JEQI(0x61, "jeq", Format.JUMP_IMM, Cond.EQ, 0),
  JNEI(0x62, "jne", Format.JUMP_IMM, Cond.NE, 0),
  JGTI(0x63, "jgt", Format.JUMP_IMM, Cond.GT, 0),
  JGEI(0x64, "jge", Format.JUMP_IMM, Cond.GE, 0),
  JLTI(0x65, "jlt", Format.JUMP_IMM, Cond.LT, 0),
  JLEI(0x66, "jle", Format.JUMP_IMM, Cond.LE, 0),
  JSGTI(0x67, "jsgt", Format.JUMP_IMM, Cond.SGT, 0),
  JSGEI(0x68, "jsge", Format.JUMP_IMM, Cond.SGE, 0),
  JSLTI(0x69, "jslt", Format.JUMP_IMM, Cond.SLT, 0),
  JSLEI(0x6a, "jsle", Format.JUMP_IMM, Cond.SLE, 0),
  JSETI(0x6b, "jset", Format.JUMP_IMM, Cond.SET, 0),
  REQUIRE(0x70, "require", Format.REQUIRE, 0, 0),
  CALL(0x80, "call", Format.CALL, 0, 0);

  /** How an instruction uses its dst, src, off and imm fields. */
  public enum Format {
    LOAD_IMM,
    ALU_REG,
    ALU_IMM,
    LOAD,
    LOAD_INDEXED,
    STORE,
    STORE_INDEXED,
    COPY,
    COPY_INDEXED,
    JUMP,
    JUMP_REG,
    JUMP_IMM,
    REQUIRE,
    CALL
  }

  /** Variant numbers of the ALU operations. */
  static final class Alu {
    static final int MOV = 0;
    static final int ADD = 1;
    static final int SUB = 2;
    static final int AND = 3;
    static final int OR = 4;
    static final int XOR = 5;
    static final int LSH = 6;
    static final int RSH = 7;
    static final int ARSH = 8;

    private Alu() {}
  }

  /** Variant numbers of the jump conditions. */
  static final class Cond {
    static final int EQ = 0;
    static final int NE = 1;
    static final int GT = 2;
    static final int GE = 3;
    static final int LT = 4;
    static final int LE = 5;
    static final int SGT = 6;
    static final int SGE = 7;
    static final int SLT = 8;
    static final int SLE = 9;
    static final int SET = 10;

    private Cond() {}
  }

  private static final Opcode[] BY_CODE = new Opcode[256];

  static {
    for (Opcode op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  private final int code;
  private final String mnemonic;
  private final Format format;
  private final int variant;
  private final int width;

  Opcode(int code, String mnemonic, Format format, int variant, int width) {
    this.code = code;
    this.mnemonic = mnemonic;
    this.format = format;
    this.variant = variant;
    this.width = width;
  }

  /** The opcode byte. */
  public int code() {
    return code;
  }

  /** The assembly mnemonic. */
  public String mnemonic() {
    return mnemonic;
  }

  /** The operand format. */
  public Format format() {
    return format;
  }

  /** The ALU operation or jump condition number; for LOAD_IMM 1 means "high half". */
  int variant() {
    return variant;
  }

  /** Bytes moved by a load or store, else 0. */
  public int width() {
    return width;
  }

  /** The opcode with this byte value, or null. */
  public static Opcode ofCode(int code) {
    return code >= 0 && code < 256 ? BY_CODE[code] : null;
  }

  /** The opcode with this mnemonic and format, or null. */
  public static Opcode of(String mnemonic, Format format) {
    for (Opcode op : values()) {
      if (op.mnemonic.equals(mnemonic) && op.format == format) {
        return op;
      }
    }
    return null;
  }
}
