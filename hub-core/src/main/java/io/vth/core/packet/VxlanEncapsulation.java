package io.vth.core.packet;

/**
 * Writes an outer IPv4 + UDP + VXLAN header around an inner Ethernet frame, and derives the outer
 * UDP source port from a flow hash (RFC 7348 section 5); nothing allocates.
 */
public final class VxlanEncapsulation {

  /** Bytes added in front of the inner frame: IPv4 (20), UDP (8), VXLAN (8). */
  public static final int OVERHEAD =
      Ipv4.MIN_HEADER_LENGTH + Udp.HEADER_LENGTH + Vxlan.HEADER_LENGTH;

  private static final int DYNAMIC_PORT_BASE = 49152;
  private static final int DYNAMIC_PORT_COUNT = 16384;
  private static final int OUTER_TTL = 64;

  private VxlanEncapsulation() {}

  /** The outer UDP source port for a flow: its hash folded into the dynamic range 49152..65535. */
  public static int sourcePort(long flowHash) {
    int folded = (int) (flowHash ^ (flowHash >>> 32));
    return DYNAMIC_PORT_BASE + ((folded ^ (folded >>> 16)) & (DYNAMIC_PORT_COUNT - 1));
  }

  /**
   * Writes into {@code out[off..]} the datagram from {@code src}:{@code srcPort} to {@code
   * dst}:{@value Vxlan#PORT} carrying {@code inner[innerOff, innerOff + innerLen)} on {@code vni}.
   * The outer UDP checksum is zero, as RFC 7348 recommends over IPv4. The inner frame may already
   * sit at {@code out[off + OVERHEAD]} (then it is not moved).
   *
   * @return the total length, or -1 when the result does not fit in {@code out}
   */
  public static int writeIpv4(
      byte[] out,
      int off,
      int src,
      int dst,
      int srcPort,
      int vni,
      byte[] inner,
      int innerOff,
      int innerLen) {
    int total = OVERHEAD + innerLen;
    if (!Bounds.fits(inner, innerOff, innerLen)
        || !Bounds.fits(out, off, total)
        || total > 0xffff) {
      return -1;
    }
    System.arraycopy(inner, innerOff, out, off + OVERHEAD, innerLen);
    Ipv4.writeHeader(out, off, total, 0, Ipv4.FLAG_DF, OUTER_TTL, IpProtocol.UDP, src, dst);
    int udpOff = off + Ipv4.MIN_HEADER_LENGTH;
    Udp.writeHeader(out, udpOff, srcPort, Vxlan.PORT, total - Ipv4.MIN_HEADER_LENGTH);
    Vxlan.writeHeader(out, udpOff + Udp.HEADER_LENGTH, vni);
    return total;
  }
}
