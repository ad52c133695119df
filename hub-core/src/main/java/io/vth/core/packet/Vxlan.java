package io.vth.core.packet;

/** The VXLAN header (RFC 7348): a check reporting which rule failed, accessors and a writer. */
public final class Vxlan {

  /** Length of the header. */
  public static final int HEADER_LENGTH = 8;

  /** The IANA UDP port. */
  public static final int PORT = 4789;

  /** The I flag: the VNI is valid. */
  public static final int FLAG_I = 0x08;

  /** The largest VNI (24 bits). */
  public static final int MAX_VNI = 0xff_ffff;

  private Vxlan() {}

  /**
   * Checks the header at {@code buf[off, off + len)}: TRUNCATED (under 8 bytes), FLAG_NOT_SET (I
   * flag clear), RESERVED_BITS (any of the 7 other flag bits, the 24 bits after the flags or the
   * last byte set), or OK.
   */
  public static PacketStatus check(byte[] buf, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    int flags = buf[off] & 0xff;
    if ((flags & FLAG_I) == 0) {
      return PacketStatus.FLAG_NOT_SET;
    }
    if ((flags & ~FLAG_I) != 0 || buf[off + 1] != 0 || buf[off + 2] != 0 || buf[off + 3] != 0) {
      return PacketStatus.RESERVED_BITS;
    }
    return buf[off + 7] != 0 ? PacketStatus.RESERVED_BITS : PacketStatus.OK;
  }

  /** The 24-bit VXLAN network identifier. */
  public static int vni(byte[] buf, int off) {
    return Ipv4.readInt(buf, off + 4) >>> 8;
  }

  /** Writes a header carrying {@code vni} and returns {@value #HEADER_LENGTH}. */
  public static int writeHeader(byte[] buf, int off, int vni) {
    if (vni < 0 || vni > MAX_VNI) {
      throw new IllegalArgumentException("VNI " + vni + " is outside 0.." + MAX_VNI);
    }
    Ipv4.writeInt(buf, off, FLAG_I << 24);
    Ipv4.writeInt(buf, off + 4, vni << 8);
    return HEADER_LENGTH;
  }
}
