package io.vth.core.packet;

/**
 * A reusable view of the packet quoted inside an ICMP or ICMPv6 error message (destination
 * unreachable, time exceeded, parameter problem, packet too big): where the embedded IP header
 * starts, its protocol and, when quoted, its transport ports.
 *
 * <p>The quoted packet is usually cut short, so its own length fields are not checked against the
 * buffer; only the bytes actually present are read.
 */
public final class IcmpError {

  private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();
  private int ipOffset;
  private int protocol;
  private int transportOffset;
  private int transportAvailable;
  private boolean hasPorts;
  private int sourcePort;
  private int destinationPort;

  /**
   * Parses the ICMP (IPv4) message at {@code buf[off, off + len)}: UNSUPPORTED if it is not an
   * error, TRUNCATED / BAD_VERSION / BAD_IHL for the quoted header, else OK.
   */
  public PacketStatus parseIpv4(byte[] buf, int off, int len) {
    if (!start(buf, off, len)) {
      return PacketStatus.TRUNCATED;
    }
    if (!Icmp.isError(Icmp.type(buf, off))) {
      return PacketStatus.UNSUPPORTED;
    }
    int end = off + len;
    if (end - ipOffset < Ipv4.MIN_HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    if (Ipv4.version(buf, ipOffset) != 4) {
      return PacketStatus.BAD_VERSION;
    }
    int headerLength = Ipv4.headerLength(buf, ipOffset);
    if (headerLength < Ipv4.MIN_HEADER_LENGTH) {
      return PacketStatus.BAD_IHL;
    }
    if (end - ipOffset < headerLength) {
      return PacketStatus.TRUNCATED;
    }
    protocol = Ipv4.protocol(buf, ipOffset);
    boolean firstFragment = Ipv4.fragmentOffset(buf, ipOffset) == 0;
    locateTransport(buf, ipOffset + headerLength, end, firstFragment);
    return PacketStatus.OK;
  }

  /**
   * Parses the ICMPv6 message at {@code buf[off, off + len)}: UNSUPPORTED if it is not an error,
   * TRUNCATED / BAD_VERSION / TOO_MANY_HEADERS for the quoted packet, else OK.
   */
  public PacketStatus parseIpv6(byte[] buf, int off, int len) {
    if (!start(buf, off, len)) {
      return PacketStatus.TRUNCATED;
    }
    if (!Icmpv6.isError(Icmpv6.type(buf, off))) {
      return PacketStatus.UNSUPPORTED;
    }
    int end = off + len;
    if (end - ipOffset < Ipv6.HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    if (Ipv6.version(buf, ipOffset) != 6) {
      return PacketStatus.BAD_VERSION;
    }
    PacketStatus status =
        chain.walk(buf, Ipv6.nextHeader(buf, ipOffset), ipOffset + Ipv6.HEADER_LENGTH, end);
    if (status != PacketStatus.OK) {
      return status;
    }
    protocol = chain.protocol();
    locateTransport(buf, chain.upperOffset(), end, !chain.isNonFirstFragment());
    return PacketStatus.OK;
  }

  private boolean start(byte[] buf, int off, int len) {
    ipOffset = -1;
    protocol = -1;
    transportOffset = -1;
    transportAvailable = 0;
    hasPorts = false;
    sourcePort = 0;
    destinationPort = 0;
    if (!Bounds.fits(buf, off, len) || len < Icmp.HEADER_LENGTH) {
      return false;
    }
    ipOffset = off + Icmp.HEADER_LENGTH;
    return true;
  }

  private void locateTransport(byte[] buf, int l4Off, int end, boolean firstFragment) {
    if (!firstFragment) {
      return;
    }
    transportOffset = l4Off;
    transportAvailable = Math.max(0, end - l4Off);
    if (IpProtocol.hasPorts(protocol) && transportAvailable >= 4) {
      hasPorts = true;
      sourcePort = Checksum.read16(buf, l4Off);
      destinationPort = Checksum.read16(buf, l4Off + 2);
    } else if (isQuotedEcho(buf, l4Off) && transportAvailable >= Icmp.HEADER_LENGTH) {
      hasPorts = true;
      sourcePort = Checksum.read16(buf, l4Off + 4);
      destinationPort = sourcePort;
    }
  }

  private boolean isQuotedEcho(byte[] buf, int l4Off) {
    if (transportAvailable < 1) {
      return false;
    }
    int type = buf[l4Off] & 0xff;
    return protocol == IpProtocol.ICMP && Icmp.isEcho(type)
        || protocol == IpProtocol.ICMPV6 && Icmpv6.isEcho(type);
  }

  /** The absolute offset of the quoted IP header. */
  public int ipOffset() {
    return ipOffset;
  }

  /** The quoted packet's upper-layer protocol. */
  public int protocol() {
    return protocol;
  }

  /** The absolute offset of the quoted transport header, or -1 for a non-first fragment. */
  public int transportOffset() {
    return transportOffset;
  }

  /** How many bytes of the quoted transport header are present. */
  public int transportAvailable() {
    return transportAvailable;
  }

  /**
   * Whether the quoted packet's ports, as {@code FlowKey} defines them, were present: TCP, UDP and
   * SCTP with 4 bytes quoted, or an ICMP/ICMPv6 echo with 8 (its identifier as both ports).
   */
  public boolean hasPorts() {
    return hasPorts;
  }

  /** The quoted source port (the port of the packet the error is about, not of its receiver). */
  public int sourcePort() {
    return sourcePort;
  }

  /** The quoted destination port. */
  public int destinationPort() {
    return destinationPort;
  }
}
