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
}
