package io.vth.core.action;

/** The kinds of constant-pool entries, with their type byte and the length each must have. */
public enum ConstantType {
  /** Raw bytes (1..16) that {@code copy} writes into the packet: an IPv6 or IPv4 address, say. */
  BYTES(1, "bytes", -1),
  /**
   * VNI (u32 below 2^24), tunnel remote IPv4, tunnel UDP port (not 0), next-hop unicast MAC, or all
   * zero for "resolve".
   */
  EGRESS(2, "egress", 16),
  /** A 1:1 IPv4 prefix translation: from-prefix (4), to-prefix (4), prefix length (0..32). */
  MAP4(3, "map4", 9),
  /** A 1:1 IPv6 prefix translation: from-prefix (16), to-prefix (16), prefix length (0..128). */
  MAP6(4, "map6", 33);

  private final int code;
  private final String keyword;
  private final int fixedLength;

  ConstantType(int code, String keyword, int fixedLength) {
    this.code = code;
    this.keyword = keyword;
    this.fixedLength = fixedLength;
  }

  /** The type byte in the encoding. */
  public int code() {
    return code;
  }

  /** The keyword used in {@code .const} assembly lines. */
  public String keyword() {
    return keyword;
  }

  /** The type with this byte, or null. */
  public static ConstantType ofCode(int code) {
    for (ConstantType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }

  /** What is wrong with an entry of this type in {@code buf[off, off + len)}, or null if valid. */
  String problem(byte[] buf, int off, int len) {
    if (this == BYTES) {
      return len >= 1 && len <= 16 ? null : "bytes entry of length " + len + " (must be 1..16)";
    }
    if (len != fixedLength) {
      return keyword + " entry of length " + len + " (must be " + fixedLength + ")";
    }
    if (this == EGRESS) {
      return egressProblem(buf, off);
    }
    int addressLength = this == MAP4 ? 4 : 16;
    return prefixProblem(buf, off, addressLength);
  }

  private static String egressProblem(byte[] buf, int off) {
    if (buf[off] != 0) {
      return "egress VNI above 2^24-1";
    }
    if (buf[off + 8] == 0 && buf[off + 9] == 0) {
      return "egress UDP port 0";
    }
    if ((buf[off + 10] & 1) != 0) {
      return "egress next-hop MAC is a multicast address";
    }
    // An all-zero MAC is valid: the dataplane resolves the next hop from what it learned.
    return null;
  }

  private static String prefixProblem(byte[] buf, int off, int addressLength) {
    int prefixLength = buf[off + 2 * addressLength] & 0xff;
    if (prefixLength > addressLength * 8) {
      return keyword(addressLength) + " prefix length " + prefixLength + " too long";
    }
    for (int side = 0; side < 2; side++) {
      int base = off + side * addressLength;
      for (int bit = prefixLength; bit < addressLength * 8; bit++) {
        if ((buf[base + bit / 8] & (0x80 >>> (bit % 8))) != 0) {
          return keyword(addressLength) + " prefix has host bits set beyond /" + prefixLength;
        }
      }
    }
    return null;
  }

  private static String keyword(int addressLength) {
    return addressLength == 4 ? "map4" : "map6";
  }
}
