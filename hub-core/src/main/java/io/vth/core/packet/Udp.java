package io.vth.core.packet;

/**
 * UDP headers (RFC 768): a check, static accessors, a writer and checksum verification.
 *
 * <p>Accessors and verifiers assume {@link #check(byte[], int, int)} returned {@link
 * PacketStatus#OK}.
 */
public final class Udp {

  /** Length of the header. */
  public static final int HEADER_LENGTH = 8;

  private Udp() {}

  /**
   * Checks the datagram at {@code buf[off, off + len)} where {@code len} is what the IP layer says
   * follows: TRUNCATED (under 8 bytes), BAD_LENGTH (length field below 8 or beyond {@code len}), or
   * OK.
   */
  public static PacketStatus check(byte[] buf, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    int length = length(buf, off);
    if (length < HEADER_LENGTH || length > len) {
      return PacketStatus.BAD_LENGTH;
    }
    return PacketStatus.OK;
  }

  /** The source port. */
  public static int sourcePort(byte[] buf, int off) {
    return Checksum.read16(buf, off);
  }

  /** The destination port. */
  public static int destinationPort(byte[] buf, int off) {
    return Checksum.read16(buf, off + 2);
  }

  /** The length field (header and data). */
  public static int length(byte[] buf, int off) {
    return Checksum.read16(buf, off + 4);
  }

  /** The checksum field (0 over IPv4 means "not computed"). */
  public static int checksum(byte[] buf, int off) {
    return Checksum.read16(buf, off + 6);
  }

  /** Writes the header with a zero checksum and returns {@value #HEADER_LENGTH}. */
  public static int writeHeader(byte[] buf, int off, int srcPort, int dstPort, int length) {
    Checksum.write16(buf, off, srcPort);
    Checksum.write16(buf, off + 2, dstPort);
    Checksum.write16(buf, off + 4, length);
    Checksum.write16(buf, off + 6, 0);
    return HEADER_LENGTH;
  }

  /** Whether the checksum of the datagram at {@code udpOff} verifies; a zero checksum passes. */
  public static boolean verifyIpv4(byte[] buf, int ipOff, int udpOff) {
    if (checksum(buf, udpOff) == 0) {
      return true;
    }
    int len = length(buf, udpOff);
    return L4Checksum.verify(
        L4Checksum.ipv4PseudoHeaderSum(buf, ipOff, IpProtocol.UDP, len), buf, udpOff, len);
  }

  /** Whether the checksum of the datagram at {@code udpOff} verifies; zero is invalid over IPv6. */
  public static boolean verifyIpv6(byte[] buf, int ipOff, int udpOff) {
    if (checksum(buf, udpOff) == 0) {
      return false;
    }
    int len = length(buf, udpOff);
    return L4Checksum.verify(
        L4Checksum.ipv6PseudoHeaderSum(buf, ipOff, IpProtocol.UDP, len), buf, udpOff, len);
  }
}
