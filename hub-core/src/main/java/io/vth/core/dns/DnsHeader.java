package io.vth.core.dns;

/**
 * The 12-octet DNS header (RFC 1035 section 4.1.1): offsets, flag masks and accessors over a byte
 * array. Accessors do not check bounds; callers check that 12 octets are present first.
 */
public final class DnsHeader {

  /** Length of the header in octets. */
  public static final int LENGTH = 12;

  /** QR: the message is a response. */
  public static final int FLAG_QR = 0x8000;

  /** AA: authoritative answer. */
  public static final int FLAG_AA = 0x0400;

  /** TC: the message was truncated. */
  public static final int FLAG_TC = 0x0200;

  /** RD: recursion desired. */
  public static final int FLAG_RD = 0x0100;

  /** RA: recursion available. */
  public static final int FLAG_RA = 0x0080;

  /** Response code: no error. */
  public static final int RCODE_NOERROR = 0;

  /** Response code: the server could not interpret the query. */
  public static final int RCODE_FORMERR = 1;

  /** Response code: the server failed to answer. */
  public static final int RCODE_SERVFAIL = 2;

  /** Response code: the queried name does not exist. */
  public static final int RCODE_NXDOMAIN = 3;

  /** Response code: the server refuses to answer. */
  public static final int RCODE_REFUSED = 5;

  /** Opcode of a standard query. */
  public static final int OPCODE_QUERY = 0;

  private static final int OFF_FLAGS = 2;
  private static final int OFF_QDCOUNT = 4;

  private DnsHeader() {}

  /** The message ID. */
  public static int id(byte[] msg, int off) {
    return u16(msg, off);
  }

  /** The 16 flag bits (QR, opcode, AA, TC, RD, RA, Z, RCODE). */
  public static int flags(byte[] msg, int off) {
    return u16(msg, off + OFF_FLAGS);
  }

  /** Overwrites the 16 flag bits. */
  public static void setFlags(byte[] msg, int off, int flags) {
    msg[off + OFF_FLAGS] = (byte) (flags >>> 8);
    msg[off + OFF_FLAGS + 1] = (byte) flags;
  }

  /** The opcode (4 bits) in {@code flags}. */
  public static int opcode(int flags) {
    return (flags >>> 11) & 0xf;
  }

  /** The response code (4 bits) in {@code flags}. */
  public static int rcode(int flags) {
    return flags & 0xf;
  }

  /** {@code flags} with the opcode replaced. */
  public static int withOpcode(int flags, int opcode) {
    return (flags & ~0x7800) | ((opcode & 0xf) << 11);
  }

  /** {@code flags} with the response code replaced. */
  public static int withRcode(int flags, int rcode) {
    return (flags & ~0xf) | (rcode & 0xf);
  }

  /** A section count: {@code section} 0 is questions, 1 answers, 2 authority, 3 additional. */
  public static int count(byte[] msg, int off, int section) {
    return u16(msg, off + OFF_QDCOUNT + 2 * section);
  }

  /** Reads a big-endian unsigned 16-bit value. */
  static int u16(byte[] msg, int pos) {
    return ((msg[pos] & 0xff) << 8) | (msg[pos + 1] & 0xff);
  }

  /** Reads a big-endian unsigned 32-bit value. */
  static long u32(byte[] msg, int pos) {
    return ((long) u16(msg, pos) << 16) | u16(msg, pos + 2);
  }

  /** Writes a big-endian 16-bit value. */
  static void putU16(byte[] msg, int pos, int value) {
    msg[pos] = (byte) (value >>> 8);
    msg[pos + 1] = (byte) value;
  }

  /** Writes a big-endian 32-bit value. */
  static void putU32(byte[] msg, int pos, long value) {
    putU16(msg, pos, (int) (value >>> 16));
    putU16(msg, pos + 2, (int) value);
  }
}
