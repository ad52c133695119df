package io.vth.core.packet;

/** ICMPv6 (RFC 4443): a check with the pseudo-header checksum and static accessors. */
public final class Icmpv6 {

  /** Length of the ICMPv6 header (type, code, checksum, 4 type-specific bytes). */
  public static final int HEADER_LENGTH = 8;

  /** Destination unreachable (an error). */
  public static final int DESTINATION_UNREACHABLE = 1;

  /** Packet too big (an error). */
  public static final int PACKET_TOO_BIG = 2;

  /** Time exceeded (an error). */
  public static final int TIME_EXCEEDED = 3;

  /** Parameter problem (an error). */
  public static final int PARAMETER_PROBLEM = 4;

  /** Echo request. */
  public static final int ECHO_REQUEST = 128;

  /** Echo reply. */
  public static final int ECHO_REPLY = 129;

  /** Most bytes of an ICMPv6 error packet (RFC 4443: no more than the minimum MTU). */
  public static final int MAX_ERROR_PACKET = 1280;

  private static final int DEFAULT_HOP_LIMIT = 64;

  private Icmpv6() {}

  /**
   * Checks the message at {@code buf[off, off + len)} of the IPv6 packet at {@code ipOff}:
   * TRUNCATED under 8 bytes, BAD_CHECKSUM (pseudo-header included), or OK.
   */
  public static PacketStatus check(byte[] buf, int ipOff, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < HEADER_LENGTH || ipOff < 0 || ipOff > off - 40) {
      return PacketStatus.TRUNCATED;
    }
    long pseudo = L4Checksum.ipv6PseudoHeaderSum(buf, ipOff, IpProtocol.ICMPV6, len);
    return L4Checksum.verify(pseudo, buf, off, len) ? PacketStatus.OK : PacketStatus.BAD_CHECKSUM;
  }

  /** The message type. */
  public static int type(byte[] buf, int off) {
    return buf[off] & 0xff;
  }

  /** The message code. */
  public static int code(byte[] buf, int off) {
    return buf[off + 1] & 0xff;
  }

  /** The checksum field. */
  public static int checksum(byte[] buf, int off) {
    return Checksum.read16(buf, off + 2);
  }

  /** The echo identifier (meaningful for echo request and reply). */
  public static int identifier(byte[] buf, int off) {
    return Checksum.read16(buf, off + 4);
  }

  /** The echo sequence number (meaningful for echo request and reply). */
  public static int sequence(byte[] buf, int off) {
    return Checksum.read16(buf, off + 6);
  }

  /** The MTU of a packet-too-big message. */
  public static int mtu(byte[] buf, int off) {
    return Ipv4.readInt(buf, off + 4);
  }

  /** Whether {@code type} is echo request or reply. */
  public static boolean isEcho(int type) {
    return type == ECHO_REQUEST || type == ECHO_REPLY;
  }

  /** Whether {@code type} is an error that quotes the offending packet (types 1 to 4). */
  public static boolean isError(int type) {
    return type >= DESTINATION_UNREACHABLE && type <= PARAMETER_PROBLEM;
  }

  /** Writes an echo header (checksum zero; see {@link L4Checksum#writeIpv6}) and returns 8. */
  public static int writeEcho(byte[] buf, int off, int type, int identifier, int sequence) {
    return Icmp.writeEcho(buf, off, type, identifier, sequence);
  }

  /**
   * Writes into {@code out[outOff, outOff + outCapacity)} the IPv6 packet "hop limit exceeded in
   * transit" (type 3, code 0) from the router address {@code router[routerOff..+16]} to the source
   * of the packet at {@code orig[origOff..]}, quoting as much of it as fits in {@value
   * #MAX_ERROR_PACKET} bytes. The original must have passed {@link Ipv6#check}; whether an error
   * may be sent at all is the caller's policy.
   *
   * @return the length written, or -1 when {@code out} is too small or {@code orig} has no header
   */
  public static int writeTimeExceeded(
      byte[] out,
      int outOff,
      int outCapacity,
      byte[] orig,
      int origOff,
      byte[] router,
      int routerOff) {
    if (!Bounds.fits(orig, origOff, Ipv6.HEADER_LENGTH)) {
      return -1;
    }
    int headers = Ipv6.HEADER_LENGTH + HEADER_LENGTH;
    int available =
        Math.min(Ipv6.HEADER_LENGTH + Ipv6.payloadLength(orig, origOff), orig.length - origOff);
    int quoted = Math.min(available, MAX_ERROR_PACKET - headers);
    int total = headers + quoted;
    if (!Bounds.fits(out, outOff, outCapacity) || outCapacity < total) {
      return -1;
    }
    int icmpOff = outOff + Ipv6.HEADER_LENGTH;
    int quoteOff = icmpOff + HEADER_LENGTH;
    // Copy the quote first: out and orig may be the same buffer with overlapping ranges.
    System.arraycopy(orig, origOff, out, quoteOff, quoted);
    int payload = HEADER_LENGTH + quoted;
    Ipv6.writeHeader(
        out,
        outOff,
        payload,
        IpProtocol.ICMPV6,
        DEFAULT_HOP_LIMIT,
        router,
        routerOff,
        out,
        quoteOff + Ipv6.SOURCE_OFFSET);
    out[icmpOff] = (byte) TIME_EXCEEDED;
    out[icmpOff + 1] = 0;
    Ipv4.writeInt(out, icmpOff + 4, 0);
    L4Checksum.writeIpv6(out, outOff, IpProtocol.ICMPV6, icmpOff, payload);
    return total;
  }
}
