package io.vth.core.packet;

/**
 * A reusable view of an Ethernet II frame with up to {@link #MAX_TAGS} 802.1Q / 802.1ad (QinQ)
 * tags; re-point it with {@link #parse(byte[], int, int)} for each frame.
 *
 * <p>MAC addresses are handled as 48-bit values in the low bits of a {@code long} so that nothing
 * allocates.
 */
public final class Ethernet {

  /** Length of the untagged header: destination, source, EtherType. */
  public static final int HEADER_LENGTH = 14;

  /** Length of one VLAN tag (TPID + TCI). */
  public static final int TAG_LENGTH = 4;

  /** Most tags accepted (one service tag and one customer tag). */
  public static final int MAX_TAGS = 2;

  /** EtherType of IPv4. */
  public static final int TYPE_IPV4 = 0x0800;

  /** EtherType of ARP. */
  public static final int TYPE_ARP = 0x0806;

  /** EtherType of IPv6. */
  public static final int TYPE_IPV6 = 0x86dd;

  /** TPID of an 802.1Q (customer) VLAN tag. */
  public static final int TYPE_VLAN = 0x8100;

  /** TPID of an 802.1ad (QinQ service) VLAN tag. */
  public static final int TYPE_QINQ = 0x88a8;

  /** The broadcast MAC address. */
  public static final long BROADCAST = 0xffff_ffff_ffffL;

  private byte[] buf;
  private int off;
  private int end;
  private int tagCount;
  private final int[] tci = new int[MAX_TAGS];
  private int etherType;
  private int payloadOffset;

  /**
   * Points this view at the frame {@code buf[off, off + len)} and walks its VLAN tags; on anything
   * but {@link PacketStatus#OK} the accessors are meaningless.
   */
  public PacketStatus parse(byte[] buf, int off, int len) {
    this.buf = buf;
    this.off = off;
    this.end = off + len;
    this.tagCount = 0;
    if (!Bounds.fits(buf, off, len) || len < HEADER_LENGTH) {
      return PacketStatus.TRUNCATED;
    }
    int typeOff = off + 12;
    int type = Checksum.read16(buf, typeOff);
    while (type == TYPE_VLAN || type == TYPE_QINQ) {
      if (tagCount == MAX_TAGS) {
        return PacketStatus.TOO_MANY_HEADERS;
      }
      if (typeOff + TAG_LENGTH + 2 > end) {
        return PacketStatus.TRUNCATED;
      }
      tci[tagCount++] = Checksum.read16(buf, typeOff + 2);
      typeOff += TAG_LENGTH;
      type = Checksum.read16(buf, typeOff);
    }
    etherType = type;
    payloadOffset = typeOff + 2;
    return PacketStatus.OK;
  }

  /** The destination MAC address. */
  public long destination() {
    return readMac(buf, off);
  }

  /** The source MAC address. */
  public long source() {
    return readMac(buf, off + 6);
  }

  /** The number of VLAN tags before the EtherType (0 to {@link #MAX_TAGS}). */
  public int tagCount() {
    return tagCount;
  }

  /** The 12-bit VLAN ID of tag {@code index}, 0 being the outermost. */
  public int vlanId(int index) {
    if (index < 0 || index >= tagCount) {
      throw new IndexOutOfBoundsException("VLAN tag index " + index + " of " + tagCount);
    }
    return tci[index] & 0xfff;
  }

  /** The EtherType after the tags. */
  public int etherType() {
    return etherType;
  }

  /** The absolute offset in the buffer where the payload (e.g. the IP header) starts. */
  public int payloadOffset() {
    return payloadOffset;
  }

  /** The number of payload bytes up to the end of the frame. */
  public int payloadLength() {
    return end - payloadOffset;
  }

  /**
   * Parses {@code aa:bb:cc:dd:ee:ff} (hex, either case) into the low 48 bits of a long.
   *
   * @throws IllegalArgumentException naming the text when it is not a MAC address
   */
  public static long parseMac(String text) {
    String[] parts = text == null ? new String[0] : text.split(":", -1);
    if (parts.length != 6) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a MAC address like 02:76:74:00:03:e9");
    }
    long mac = 0;
    for (String part : parts) {
      if (part.length() != 2
          || Character.digit(part.charAt(0), 16) < 0
          || Character.digit(part.charAt(1), 16) < 0) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a MAC address like 02:76:74:00:03:e9");
      }
      mac = (mac << 8) | Integer.parseInt(part, 16);
    }
    return mac;
  }

  /** Reads the 48-bit MAC address at {@code off}. */
  public static long readMac(byte[] buf, int off) {
    return ((long) Checksum.read16(buf, off) << 32)
        | ((long) Checksum.read16(buf, off + 2) << 16)
        | Checksum.read16(buf, off + 4);
  }

  /** Writes the low 48 bits of {@code mac} at {@code off}. */
  public static void writeMac(byte[] buf, int off, long mac) {
    Checksum.write16(buf, off, (int) (mac >>> 32));
    Checksum.write16(buf, off + 2, (int) (mac >>> 16));
    Checksum.write16(buf, off + 4, (int) mac);
  }

  /** Writes an untagged header at {@code off} and returns its length ({@value #HEADER_LENGTH}). */
  public static int writeHeader(byte[] buf, int off, long dst, long src, int etherType) {
    writeMac(buf, off, dst);
    writeMac(buf, off + 6, src);
    Checksum.write16(buf, off + 12, etherType);
    return HEADER_LENGTH;
  }

  /** Whether {@code mac} is a group (multicast or broadcast) address. */
  public static boolean isMulticast(long mac) {
    return ((mac >>> 40) & 1) != 0;
  }
}
