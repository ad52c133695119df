package io.vth.core.packet;

/**
 * ICMP for IPv4 (RFC 792): a check, static accessors, and the time-exceeded message a router sends
 * when a TTL expires (RFC 1812 section 4.3.2.3 quoting), built without allocation.
 */
public final class Icmp {

  /** Length of the ICMP header (type, code, checksum, 4 type-specific bytes). */
  public static final int HEADER_LENGTH = 8;

  /** Echo reply. */
  public static final int ECHO_REPLY = 0;

  /** Destination unreachable (an error). */
  public static final int DESTINATION_UNREACHABLE = 3;

  /** Code of a destination unreachable: fragmentation needed and DF set (RFC 1191). */
  public static final int CODE_FRAGMENTATION_NEEDED = 4;

  /** Echo request. */
  public static final int ECHO_REQUEST = 8;

  /** Time exceeded (an error). */
  public static final int TIME_EXCEEDED = 11;

  /** Parameter problem (an error). */
  public static final int PARAMETER_PROBLEM = 12;

  /** Most bytes of an ICMP error datagram (RFC 1812: no more than 576). */
  public static final int MAX_ERROR_DATAGRAM = 576;

  private static final int DEFAULT_TTL = 64;

  private Icmp() {}

  /**
   * Checks the message at {@code buf[off, off + len)} ({@code len} from the IP total length):
   * TRUNCATED under 8 bytes, BAD_CHECKSUM, or OK.
   */
  public static PacketStatus check(byte[] buf, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    return L4Checksum.verify(0, buf, off, len) ? PacketStatus.OK : PacketStatus.BAD_CHECKSUM;
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

  /** Whether {@code type} is echo request or reply. */
  public static boolean isEcho(int type) {
    return type == ECHO_REQUEST || type == ECHO_REPLY;
  }

  /** Whether {@code type} is an error that quotes the offending datagram. */
  public static boolean isError(int type) {
    return type == DESTINATION_UNREACHABLE || type == TIME_EXCEEDED || type == PARAMETER_PROBLEM;
  }

  /** Writes an echo header (checksum zero; see {@link L4Checksum#writeIpv4}) and returns 8. */
  public static int writeEcho(byte[] buf, int off, int type, int identifier, int sequence) {
    buf[off] = (byte) type;
    buf[off + 1] = 0;
    Checksum.write16(buf, off + 2, 0);
    Checksum.write16(buf, off + 4, identifier);
    Checksum.write16(buf, off + 6, sequence);
    return HEADER_LENGTH;
  }

  /**
   * Writes, at {@code out[outOff]}, an ICMP time exceeded (TTL exceeded in transit) from {@code
   * router} about the IPv4 datagram at {@code orig[origOff]}, quoting as much of it as fits in
   * {@link #MAX_ERROR_DATAGRAM} bytes (RFC 1812 section 4.3.2.3).
   *
   * <p>The original must have passed {@link Ipv4#checkStructure}; whether an error may be sent at
   * all (not about an ICMP error, a non-first fragment or a broadcast) is the caller's policy.
   *
   * @return the length written, or -1 when {@code out} is too small or {@code orig} has no header
   */
  public static int writeTimeExceeded(
      byte[] out, int outOff, int outCapacity, byte[] orig, int origOff, int router) {
    return writeError(out, outOff, outCapacity, orig, origOff, router, TIME_EXCEEDED, 0, 0);
  }

  /**
   * Writes, at {@code out[outOff]}, an ICMP destination unreachable, fragmentation needed and DF
   * set, from {@code router} about the IPv4 datagram at {@code orig[origOff]}, with the next-hop
   * MTU {@code mtu} (RFC 1191), quoting as {@link #writeTimeExceeded} does.
   *
   * @return the length written, or -1 when {@code out} is too small or {@code orig} has no header
   */
  public static int writeFragmentationNeeded(
      byte[] out, int outOff, int outCapacity, byte[] orig, int origOff, int router, int mtu) {
    return writeError(
        out,
        outOff,
        outCapacity,
        orig,
        origOff,
        router,
        DESTINATION_UNREACHABLE,
        CODE_FRAGMENTATION_NEEDED,
        mtu & 0xffff);
  }

  private static int writeError(
      byte[] out,
      int outOff,
      int outCapacity,
      byte[] orig,
      int origOff,
      int router,
      int type,
      int code,
      int restOfHeader) {
    if (!Bounds.fits(orig, origOff, Ipv4.MIN_HEADER_LENGTH)) {
      return -1;
    }
    int headers = Ipv4.MIN_HEADER_LENGTH + HEADER_LENGTH;
    int available = Math.min(Ipv4.totalLength(orig, origOff), orig.length - origOff);
    int quoted = Math.min(available, MAX_ERROR_DATAGRAM - headers);
    int total = headers + quoted;
    if (!Bounds.fits(out, outOff, outCapacity) || outCapacity < total) {
      return -1;
    }
    int icmpOff = outOff + Ipv4.MIN_HEADER_LENGTH;
    // Copy the quote first: out and orig may be the same buffer with overlapping ranges.
    System.arraycopy(orig, origOff, out, icmpOff + HEADER_LENGTH, quoted);
    int dst = Ipv4.source(out, icmpOff + HEADER_LENGTH);
    out[icmpOff] = (byte) type;
    out[icmpOff + 1] = (byte) code;
    Checksum.write16(out, icmpOff + 2, 0);
    Ipv4.writeInt(out, icmpOff + 4, restOfHeader);
    Checksum.write16(out, icmpOff + 2, Checksum.compute(out, icmpOff, HEADER_LENGTH + quoted));
    Ipv4.writeHeader(out, outOff, total, 0, 0, DEFAULT_TTL, IpProtocol.ICMP, router, dst);
    return total;
  }

  /**
   * Whether a router may answer the IPv4 datagram at {@code off} with an ICMP error (RFC 1812
   * section 4.3.2.7): not about an ICMP error, a non-first fragment, or a datagram whose source is
   * not a single host (zero, loopback, multicast, 240/4) or whose destination is multicast or in
   * 240/4 (limited broadcast included); directed broadcasts are the caller's to recognise. The
   * datagram must have passed {@link Ipv4#checkStructure}.
   */
  public static boolean mayReportError(byte[] buf, int off, int len) {
    if (Ipv4.fragmentOffset(buf, off) != 0) {
      return false;
    }
    int src = Ipv4.source(buf, off);
    int dst = Ipv4.destination(buf, off);
    if (src == 0 || (src >>> 24) == 127 || isGroupOrReserved(src) || isGroupOrReserved(dst)) {
      return false;
    }
    int headerLength = Ipv4.headerLength(buf, off);
    if (Ipv4.protocol(buf, off) != IpProtocol.ICMP) {
      return true;
    }
    // An ICMP message whose type cannot be read is not known to be a query: stay silent.
    return len > headerLength && !isError(type(buf, off + headerLength));
  }

  /** Multicast (224/4), reserved (240/4) or the limited broadcast 255.255.255.255. */
  private static boolean isGroupOrReserved(int address) {
    return (address >>> 28) >= 0xe;
  }
}
