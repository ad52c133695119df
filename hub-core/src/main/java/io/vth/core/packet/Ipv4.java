package io.vth.core.packet;

/**
 * IPv4 headers (RFC 791): checks, static accessors and a header writer over {@code byte[]} at an
 * offset.
 *
 * <p>Accessors do not check bounds; they assume {@link #check(byte[], int, int)} or {@link
 * #checkStructure(byte[], int, int)} returned {@link PacketStatus#OK} for the same packet.
 */
public final class Ipv4 {

  /** Length of a header without options. */
  public static final int MIN_HEADER_LENGTH = 20;

  /** Length of a header with the most options (IHL 15). */
  public static final int MAX_HEADER_LENGTH = 60;

  /** The Don't Fragment flag in {@link #flagsAndFragmentOffset(byte[], int)}. */
  public static final int FLAG_DF = 0x4000;

  /** The More Fragments flag in {@link #flagsAndFragmentOffset(byte[], int)}. */
  public static final int FLAG_MF = 0x2000;

  private static final int OFFSET_MASK = 0x1fff;

  private Ipv4() {}

  /**
   * Checks the header at {@code buf[off, off + len)}: TRUNCATED (fewer than 20 bytes, or fewer than
   * IHL says), BAD_VERSION, BAD_IHL (below 5), BAD_TOTAL_LENGTH (below the header length or beyond
   * {@code len}; bytes after the total length, such as Ethernet padding, are allowed),
   * BAD_CHECKSUM, or OK.
   */
  public static PacketStatus check(byte[] buf, int off, int len) {
    PacketStatus status = checkStructure(buf, off, len);
    if (status != PacketStatus.OK) {
      return status;
    }
    return verifyHeaderChecksum(buf, off) ? PacketStatus.OK : PacketStatus.BAD_CHECKSUM;
  }

  /** {@link #check(byte[], int, int)} without the header checksum. */
  public static PacketStatus checkStructure(byte[] buf, int off, int len) {
    if (!Bounds.fits(buf, off, len) || len < MIN_HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    if (version(buf, off) != 4) {
      return PacketStatus.BAD_VERSION;
    }
    int headerLength = headerLength(buf, off);
    if (headerLength < MIN_HEADER_LENGTH) {
      return PacketStatus.BAD_IHL;
    }
    if (headerLength > len) {
      return PacketStatus.TRUNCATED;
    }
    int total = totalLength(buf, off);
    if (total < headerLength || total > len) {
      return PacketStatus.BAD_TOTAL_LENGTH;
    }
    return PacketStatus.OK;
  }

  /** The version field (4 for IPv4). */
  public static int version(byte[] buf, int off) {
    return (buf[off] & 0xff) >>> 4;
  }

  /** The header length in bytes (IHL times 4). */
  public static int headerLength(byte[] buf, int off) {
    return (buf[off] & 0x0f) * 4;
  }

  /** The total length of the datagram (header and payload). */
  public static int totalLength(byte[] buf, int off) {
    return Checksum.read16(buf, off + 2);
  }

  /** The identification field. */
  public static int identification(byte[] buf, int off) {
    return Checksum.read16(buf, off + 4);
  }

  /** The flags and fragment offset word. */
  public static int flagsAndFragmentOffset(byte[] buf, int off) {
    return Checksum.read16(buf, off + 6);
  }

  /** Whether the More Fragments flag is set. */
  public static boolean moreFragments(byte[] buf, int off) {
    return (flagsAndFragmentOffset(buf, off) & FLAG_MF) != 0;
  }

  /** Whether the Don't Fragment flag is set. */
  public static boolean dontFragment(byte[] buf, int off) {
    return (flagsAndFragmentOffset(buf, off) & FLAG_DF) != 0;
  }

  /** The fragment offset in bytes (the field times 8). */
  public static int fragmentOffset(byte[] buf, int off) {
    return (flagsAndFragmentOffset(buf, off) & OFFSET_MASK) * 8;
  }

  /** Whether this datagram is a fragment (MF set or offset non-zero). */
  public static boolean isFragment(byte[] buf, int off) {
    return (flagsAndFragmentOffset(buf, off) & (FLAG_MF | OFFSET_MASK)) != 0;
  }

  /** The time to live. */
  public static int ttl(byte[] buf, int off) {
    return buf[off + 8] & 0xff;
  }

  /** The protocol of the payload ({@link IpProtocol}). */
  public static int protocol(byte[] buf, int off) {
    return buf[off + 9] & 0xff;
  }

  /** The header checksum field. */
  public static int headerChecksum(byte[] buf, int off) {
    return Checksum.read16(buf, off + 10);
  }

  /** The source address. */
  public static int source(byte[] buf, int off) {
    return readInt(buf, off + 12);
  }

  /** The destination address. */
  public static int destination(byte[] buf, int off) {
    return readInt(buf, off + 16);
  }

  /** Whether the header checksum verifies (the header length is read from the header). */
  public static boolean verifyHeaderChecksum(byte[] buf, int off) {
    return Checksum.fold(Checksum.sum(buf, off, headerLength(buf, off), 0)) == 0xffff;
  }

  /** Computes the header checksum (treating the field as zero) and stores it; returns it. */
  public static int writeHeaderChecksum(byte[] buf, int off) {
    Checksum.write16(buf, off + 10, 0);
    int checksum = Checksum.compute(buf, off, headerLength(buf, off));
    Checksum.write16(buf, off + 10, checksum);
    return checksum;
  }

  /**
   * Writes a 20-byte header without options, checksum included, and returns its length; {@code
   * flagsAndOffset} is the raw word ({@link #FLAG_DF}, {@link #FLAG_MF}, offset in 8-byte units).
   */
  public static int writeHeader(
      byte[] buf,
      int off,
      int totalLength,
      int identification,
      int flagsAndOffset,
      int ttl,
      int protocol,
      int src,
      int dst) {
    buf[off] = 0x45;
    buf[off + 1] = 0;
    Checksum.write16(buf, off + 2, totalLength);
    Checksum.write16(buf, off + 4, identification);
    Checksum.write16(buf, off + 6, flagsAndOffset);
    buf[off + 8] = (byte) ttl;
    buf[off + 9] = (byte) protocol;
    writeInt(buf, off + 12, src);
    writeInt(buf, off + 16, dst);
    writeHeaderChecksum(buf, off);
    return MIN_HEADER_LENGTH;
  }

  /** Reads a 32-bit big-endian value. */
  public static int readInt(byte[] buf, int off) {
    return (Checksum.read16(buf, off) << 16) | Checksum.read16(buf, off + 2);
  }

  /** Writes a 32-bit big-endian value. */
  public static void writeInt(byte[] buf, int off, int value) {
    Checksum.write16(buf, off, value >>> 16);
    Checksum.write16(buf, off + 2, value);
  }
}
