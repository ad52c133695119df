package io.vth.core.packet;

/**
 * The fixed IPv6 header (RFC 8200): a check, static accessors and a writer over {@code byte[]} at
 * an offset. Extension headers are walked by {@link Ipv6ExtensionHeaders}.
 *
 * <p>Accessors do not check bounds; they assume {@link #check(byte[], int, int)} returned {@link
 * PacketStatus#OK}.
 */
public final class Ipv6 {

  /** Length of the fixed header. */
  public static final int HEADER_LENGTH = 40;

  /** Offset of the source address within the header. */
  public static final int SOURCE_OFFSET = 8;

  /** Offset of the destination address within the header. */
  public static final int DESTINATION_OFFSET = 24;

  /** Length of an address. */
  public static final int ADDRESS_LENGTH = 16;

  private Ipv6() {}

  /**
   * Checks the fixed header at {@code buf[off, off + len)}: TRUNCATED (under 40 bytes),
   * BAD_VERSION, BAD_TOTAL_LENGTH (payload length beyond the buffer; jumbograms are not supported),
   * or OK. Trailing bytes after the payload are allowed.
   */
  public static PacketStatus check(byte[] buf, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    if (version(buf, off) != 6) {
      return PacketStatus.BAD_VERSION;
    }
    if (HEADER_LENGTH + payloadLength(buf, off) > len) {
      return PacketStatus.BAD_TOTAL_LENGTH;
    }
    return PacketStatus.OK;
  }

  /** The version field (6 for IPv6). */
  public static int version(byte[] buf, int off) {
    return (buf[off] & 0xff) >>> 4;
  }

  /** The traffic class. */
  public static int trafficClass(byte[] buf, int off) {
    return (Checksum.read16(buf, off) >>> 4) & 0xff;
  }

  /** The 20-bit flow label. */
  public static int flowLabel(byte[] buf, int off) {
    return Ipv4.readInt(buf, off) & 0xfffff;
  }

  /** The payload length (everything after the fixed header, extension headers included). */
  public static int payloadLength(byte[] buf, int off) {
    return Checksum.read16(buf, off + 4);
  }

  /** The next-header field of the fixed header. */
  public static int nextHeader(byte[] buf, int off) {
    return buf[off + 6] & 0xff;
  }

  /** The hop limit. */
  public static int hopLimit(byte[] buf, int off) {
    return buf[off + 7] & 0xff;
  }

  /** Decrements the hop limit (IPv6 has no header checksum) and returns the new value. */
  public static int decrementHopLimit(byte[] buf, int off) {
    int hops = (hopLimit(buf, off) - 1) & 0xff;
    buf[off + 7] = (byte) hops;
    return hops;
  }

  /** The high 64 bits of the source address. */
  public static long sourceHigh(byte[] buf, int off) {
    return readLong(buf, off + SOURCE_OFFSET);
  }

  /** The low 64 bits of the source address. */
  public static long sourceLow(byte[] buf, int off) {
    return readLong(buf, off + SOURCE_OFFSET + 8);
  }

  /** The high 64 bits of the destination address. */
  public static long destinationHigh(byte[] buf, int off) {
    return readLong(buf, off + DESTINATION_OFFSET);
  }

  /** The low 64 bits of the destination address. */
  public static long destinationLow(byte[] buf, int off) {
    return readLong(buf, off + DESTINATION_OFFSET + 8);
  }

  /**
   * Writes a fixed header (traffic class and flow label zero) and returns {@value #HEADER_LENGTH};
   * the addresses are copied from {@code src[srcOff..]} and {@code dst[dstOff..]}.
   */
  public static int writeHeader(
      byte[] buf,
      int off,
      int payloadLength,
      int nextHeader,
      int hopLimit,
      byte[] src,
      int srcOff,
      byte[] dst,
      int dstOff) {
    Ipv4.writeInt(buf, off, 6 << 28);
    Checksum.write16(buf, off + 4, payloadLength);
    buf[off + 6] = (byte) nextHeader;
    buf[off + 7] = (byte) hopLimit;
    System.arraycopy(src, srcOff, buf, off + SOURCE_OFFSET, ADDRESS_LENGTH);
    System.arraycopy(dst, dstOff, buf, off + DESTINATION_OFFSET, ADDRESS_LENGTH);
    return HEADER_LENGTH;
  }

  /** Reads a 64-bit big-endian value. */
  public static long readLong(byte[] buf, int off) {
    return ((long) Ipv4.readInt(buf, off) << 32) | (Ipv4.readInt(buf, off + 4) & 0xffffffffL);
  }
}
