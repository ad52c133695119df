package io.vth.core.packet;

/**
 * TCP headers (RFC 9293): a check, static accessors, a writer and checksum verification.
 *
 * <p>Accessors and verifiers assume {@link #check(byte[], int, int)} returned {@link
 * PacketStatus#OK} (and, for verification, that {@code len} bytes follow).
 */
public final class Tcp {

  /** Length of a header without options. */
  public static final int MIN_HEADER_LENGTH = 20;

  /** FIN flag. */
  public static final int FIN = 0x01;

  /** SYN flag. */
  public static final int SYN = 0x02;

  /** RST flag. */
  public static final int RST = 0x04;

  /** PSH flag. */
  public static final int PSH = 0x08;

  /** ACK flag. */
  public static final int ACK = 0x10;

  /** URG flag. */
  public static final int URG = 0x20;

  private Tcp() {}

  /**
   * Checks the segment at {@code buf[off, off + len)}: TRUNCATED (under 20 bytes or under the data
   * offset), BAD_LENGTH (data offset below 5 words), or OK.
   */
  public static PacketStatus check(byte[] buf, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < MIN_HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    int headerLength = headerLength(buf, off);
    if (headerLength < MIN_HEADER_LENGTH) {
      return PacketStatus.BAD_LENGTH;
    }
    return headerLength > len ? PacketStatus.TRUNCATED : PacketStatus.OK;
  }

  /** The source port. */
  public static int sourcePort(byte[] buf, int off) {
    return Checksum.read16(buf, off);
  }

  /** The destination port. */
  public static int destinationPort(byte[] buf, int off) {
    return Checksum.read16(buf, off + 2);
  }

  /** The sequence number. */
  public static int sequence(byte[] buf, int off) {
    return Ipv4.readInt(buf, off + 4);
  }

  /** The acknowledgement number. */
  public static int acknowledgement(byte[] buf, int off) {
    return Ipv4.readInt(buf, off + 8);
  }

  /** The header length in bytes (data offset times 4). */
  public static int headerLength(byte[] buf, int off) {
    return ((buf[off + 12] & 0xff) >>> 4) * 4;
  }

  /** The flag bits ({@link #SYN}, {@link #ACK}, ...; the low 8 bits of the flags field). */
  public static int flags(byte[] buf, int off) {
    return buf[off + 13] & 0xff;
  }

  /** The window size. */
  public static int window(byte[] buf, int off) {
    return Checksum.read16(buf, off + 14);
  }

  /** The checksum field. */
  public static int checksum(byte[] buf, int off) {
    return Checksum.read16(buf, off + 16);
  }

  /** Writes a 20-byte header with a zero checksum and returns its length. */
  public static int writeHeader(
      byte[] buf, int off, int srcPort, int dstPort, int seq, int ack, int flags, int window) {
    Checksum.write16(buf, off, srcPort);
    Checksum.write16(buf, off + 2, dstPort);
    Ipv4.writeInt(buf, off + 4, seq);
    Ipv4.writeInt(buf, off + 8, ack);
    buf[off + 12] = (byte) (5 << 4);
    buf[off + 13] = (byte) flags;
    Checksum.write16(buf, off + 14, window);
    Ipv4.writeInt(buf, off + 16, 0);
    return MIN_HEADER_LENGTH;
  }

  /** Whether the checksum of the {@code len}-byte segment at {@code tcpOff} verifies over IPv4. */
  public static boolean verifyIpv4(byte[] buf, int ipOff, int tcpOff, int len) {
    return L4Checksum.verify(
        L4Checksum.ipv4PseudoHeaderSum(buf, ipOff, IpProtocol.TCP, len), buf, tcpOff, len);
  }

  /** Whether the checksum of the {@code len}-byte segment at {@code tcpOff} verifies over IPv6. */
  public static boolean verifyIpv6(byte[] buf, int ipOff, int tcpOff, int len) {
    return L4Checksum.verify(
        L4Checksum.ipv6PseudoHeaderSum(buf, ipOff, IpProtocol.TCP, len), buf, tcpOff, len);
  }
}
