package io.vth.core.packet;

/**
 * Full computation and verification of transport checksums that cover a pseudo-header (TCP, UDP,
 * ICMPv6) for IPv4 (RFC 768/793) and IPv6 (RFC 8200 section 8.1), plus plain ICMP.
 *
 * <p>The pseudo-header addresses are read from the IP header at {@code ipOff}; an IPv6 routing
 * header's final destination is not substituted. Nothing allocates.
 */
public final class L4Checksum {

  private L4Checksum() {}

  /** The one's-complement sum of the IPv4 pseudo-header (addresses, protocol, length). */
  public static long ipv4PseudoHeaderSum(byte[] buf, int ipOff, int protocol, int l4Len) {
    return Checksum.sum(buf, ipOff + 12, 8, 0) + protocol + l4Len;
  }

  /** The one's-complement sum of the IPv6 pseudo-header (addresses, length, next header). */
  public static long ipv6PseudoHeaderSum(byte[] buf, int ipOff, int protocol, int l4Len) {
    return Checksum.sum(buf, ipOff + Ipv6.SOURCE_OFFSET, 32, 0) + protocol + l4Len;
  }

  /**
   * The checksum for the segment {@code buf[l4Off, l4Off + l4Len)} whose checksum field is at
   * {@code fieldOff}, computed as if the field were zero, given the pseudo-header sum (0 for ICMP).
   */
  public static int compute(long pseudoSum, byte[] buf, int l4Off, int l4Len, int fieldOff) {
    long sum = Checksum.sum(buf, l4Off, l4Len, pseudoSum);
    // Adding the complement of the stored field subtracts it, as if it had been zero.
    sum += ~Checksum.read16(buf, fieldOff) & 0xffff;
    return ~Checksum.fold(sum) & 0xffff;
  }

  /** Whether the segment, including its stored checksum, verifies against the pseudo-header sum. */
  public static boolean verify(long pseudoSum, byte[] buf, int l4Off, int l4Len) {
    return Checksum.fold(Checksum.sum(buf, l4Off, l4Len, pseudoSum)) == 0xffff;
  }

  /**
   * Computes and stores the checksum of the transport segment of an IPv4 packet; UDP's result 0 is
   * stored as 0xFFFF (RFC 768). Returns the stored value.
   */
  public static int writeIpv4(byte[] buf, int ipOff, int protocol, int l4Off, int l4Len) {
    long pseudo =
        protocol == IpProtocol.ICMP ? 0 : ipv4PseudoHeaderSum(buf, ipOff, protocol, l4Len);
    return store(protocol, pseudo, buf, l4Off, l4Len);
  }

  /** Computes and stores the checksum of the transport segment of an IPv6 packet. */
  public static int writeIpv6(byte[] buf, int ipOff, int protocol, int l4Off, int l4Len) {
    return store(protocol, ipv6PseudoHeaderSum(buf, ipOff, protocol, l4Len), buf, l4Off, l4Len);
  }

  private static int store(int protocol, long pseudo, byte[] buf, int l4Off, int l4Len) {
    int fieldOff = l4Off + fieldOffset(protocol);
    int checksum = compute(pseudo, buf, l4Off, l4Len, fieldOff);
    if (checksum == 0 && protocol == IpProtocol.UDP) {
      checksum = 0xffff;
    }
    Checksum.write16(buf, fieldOff, checksum);
    return checksum;
  }

  /**
   * The offset of the checksum field within the transport header of {@code protocol} (TCP 16, UDP
   * 6, ICMP/ICMPv6 2), or -1 for a protocol without one known here.
   */
  public static int fieldOffset(int protocol) {
    switch (protocol) {
      case IpProtocol.TCP:
        return 16;
      case IpProtocol.UDP:
        return 6;
      case IpProtocol.ICMP:
      case IpProtocol.ICMPV6:
        return 2;
      default:
        return -1;
    }
  }
}
