package io.vth.core.packet;

/**
 * Rewrites an IP address in place and updates every checksum that covers it incrementally (RFC
 * 1624): the IPv4 header checksum and the TCP, UDP and ICMPv6 checksums whose pseudo-header holds
 * the address; also the TTL decrement. Nothing allocates.
 *
 * <p>Transport checksums are updated only in a first fragment whose transport header (up to its
 * checksum field) is present: non-first fragments carry no transport header. ICMP for IPv4 has no
 * pseudo-header, so its checksum never changes. A UDP checksum 0 over IPv4 means "none" and stays
 * 0; a UDP result of 0 is written as 0xFFFF.
 */
public final class AddressRewrite {

  private AddressRewrite() {}

  /**
   * Replaces the source of the IPv4 packet at {@code ipOff}, which {@link Ipv4#checkStructure}
   * accepted with the same {@code len}.
   */
  public static void ipv4Source(byte[] buf, int ipOff, int len, int newSource) {
    ipv4Address(buf, ipOff, len, ipOff + 12, newSource);
  }

  /** Replaces the destination of the IPv4 packet at {@code ipOff} (checked, {@code len} bytes). */
  public static void ipv4Destination(byte[] buf, int ipOff, int len, int newDestination) {
    ipv4Address(buf, ipOff, len, ipOff + 16, newDestination);
  }

  private static void ipv4Address(byte[] buf, int ipOff, int len, int addrOff, int newAddress) {
    int old = Ipv4.readInt(buf, addrOff);
    Ipv4.writeInt(buf, addrOff, newAddress);
    Checksum.write16(
        buf, ipOff + 10, Checksum.update32(Ipv4.headerChecksum(buf, ipOff), old, newAddress));
    int protocol = Ipv4.protocol(buf, ipOff);
    if (protocol == IpProtocol.ICMP || Ipv4.fragmentOffset(buf, ipOff) != 0) {
      return;
    }
    int l4Off = ipOff + Ipv4.headerLength(buf, ipOff);
    int l4Len = Math.min(len, Ipv4.totalLength(buf, ipOff)) - Ipv4.headerLength(buf, ipOff);
    int fieldOff = transportChecksumField(protocol, l4Off, l4Len);
    if (fieldOff < 0) {
      return;
    }
    int checksum = Checksum.read16(buf, fieldOff);
    if (protocol == IpProtocol.UDP && checksum == 0) {
      return;
    }
    Checksum.write16(buf, fieldOff, fixUdp(protocol, Checksum.update32(checksum, old, newAddress)));
  }

  /**
   * Replaces the IPv6 source of the packet at {@code ipOff} with {@code newAddr[newOff..+16]};
   * {@code chain} is the walk of this packet's extension headers and {@code end} the absolute
   * offset where the packet ends.
   */
  public static void ipv6Source(
      byte[] buf, int ipOff, Ipv6ExtensionHeaders chain, int end, byte[] newAddr, int newOff) {
    ipv6Address(buf, ipOff + Ipv6.SOURCE_OFFSET, chain, end, newAddr, newOff);
  }

  /** Replaces the IPv6 destination; see {@link #ipv6Source}. */
  public static void ipv6Destination(
      byte[] buf, int ipOff, Ipv6ExtensionHeaders chain, int end, byte[] newAddr, int newOff) {
    ipv6Address(buf, ipOff + Ipv6.DESTINATION_OFFSET, chain, end, newAddr, newOff);
  }

  private static void ipv6Address(
      byte[] buf, int addrOff, Ipv6ExtensionHeaders chain, int end, byte[] newAddr, int newOff) {
    int fieldOff =
        chain.isNonFirstFragment()
            ? -1
            : transportChecksumField(
                chain.protocol(), chain.upperOffset(), end - chain.upperOffset());
    if (fieldOff >= 0) {
      int protocol = chain.protocol();
      int checksum = Checksum.read16(buf, fieldOff);
      int updated =
          Checksum.updateBytes(checksum, buf, addrOff, newAddr, newOff, Ipv6.ADDRESS_LENGTH);
      Checksum.write16(buf, fieldOff, fixUdp(protocol, updated));
    }
    System.arraycopy(newAddr, newOff, buf, addrOff, Ipv6.ADDRESS_LENGTH);
  }

  /**
   * Decrements the TTL of the IPv4 packet at {@code ipOff} and updates its header checksum; returns
   * the new TTL. The caller drops packets whose TTL is 1 or less before forwarding.
   */
  public static int decrementTtl(byte[] buf, int ipOff) {
    int ttl = Ipv4.ttl(buf, ipOff);
    int protocol = Ipv4.protocol(buf, ipOff);
    int newTtl = (ttl - 1) & 0xff;
    buf[ipOff + 8] = (byte) newTtl;
    int checksum = Ipv4.headerChecksum(buf, ipOff);
    Checksum.write16(
        buf,
        ipOff + 10,
        Checksum.update16(checksum, (ttl << 8) | protocol, (newTtl << 8) | protocol));
    return newTtl;
  }

  /** The absolute offset of the pseudo-header-covered checksum field if present, else -1. */
  private static int transportChecksumField(int protocol, int l4Off, int l4Len) {
    if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP && protocol != IpProtocol.ICMPV6) {
      return -1;
    }
    int fieldOff = L4Checksum.fieldOffset(protocol);
    return l4Len >= fieldOff + 2 ? l4Off + fieldOff : -1;
  }

  private static int fixUdp(int protocol, int checksum) {
    return protocol == IpProtocol.UDP && checksum == 0 ? 0xffff : checksum;
  }
}
