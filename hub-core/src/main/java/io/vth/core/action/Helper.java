package io.vth.core.action;

/**
 * The helpers a program may {@code call}: the only way it touches anything but registers and packet
 * bytes.
 */
public enum Helper {
  /**
   * Incremental checksum update (RFC 1624) of a 16-bit field after a 16/32/64-bit value changed.
   */
  CSUM_FIX(1, "csum_fix"),
  /**
   * Sets where the packet goes: VNI, tunnel remote and port, next-hop MAC (one egress constant).
   */
  SET_EGRESS(2, "set_egress"),
  /** Rewrites the A/AAAA answers of the DNS message in a UDP payload through mapping constants. */
  DNS_REWRITE(3, "dns_rewrite"),
  /** Ends the program: the packet is dropped with a reason. */
  DROP(4, "drop"),
  /** Ends the program: the packet is sent to the egress set before. */
  EMIT(5, "emit");

  /** csum_fix flag (imm bits 16..19): a UDP field, where 0 means "no checksum" and stays 0. */
  public static final int CSUM_UDP = 1;

  /**
   * csum_fix flag: the field is at base register (imm bits 20..23) plus off, checked at run time.
   */
  public static final int CSUM_INDEXED = 2;

  /** A dns_rewrite mapping index meaning "no mapping for this address family". */
  public static final int NO_MAPPING = 0xff;

  private final int id;
  private final String mnemonic;

  Helper(int id, String mnemonic) {
    this.id = id;
    this.mnemonic = mnemonic;
  }

  /** The helper number in the low byte of a {@code call}'s immediate. */
  public int id() {
    return id;
  }

  /** The name used in assembly text after {@code call}. */
  public String mnemonic() {
    return mnemonic;
  }

  private static final Helper[] BY_ID = {null, CSUM_FIX, SET_EGRESS, DNS_REWRITE, DROP, EMIT};

  /** The helper with this id, or null (constant time: the interpreter calls it per helper call). */
  public static Helper ofId(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }

  /** The helper with this mnemonic, or null. */
  public static Helper ofMnemonic(String mnemonic) {
    for (Helper helper : values()) {
      if (helper.mnemonic.equals(mnemonic)) {
        return helper;
      }
    }
    return null;
  }
}
