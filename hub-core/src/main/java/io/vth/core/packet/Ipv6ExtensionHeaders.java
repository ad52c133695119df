package io.vth.core.packet;

/**
 * A reusable walker over an IPv6 extension header chain (hop-by-hop, routing, fragment, destination
 * options, AH), bounded to {@link #MAX_HEADERS}, that finds the upper-layer protocol, its offset
 * and the fragment fields.
 *
 * <p>The walk stops at the first header that is not an extension header, at ESP (opaque), or at a
 * fragment header with a non-zero offset (what follows is not a header). Nothing allocates.
 */
public final class Ipv6ExtensionHeaders {

  /** Most extension headers walked before the packet is rejected. */
  public static final int MAX_HEADERS = 8;

  private static final int FRAGMENT_HEADER_LENGTH = 8;

  private int protocol;
  private int upperOffset;
  private int headerCount;
  private boolean fragment;
  private int fragmentOffset;
  private boolean moreFragments;
  private int fragmentId;

  /**
   * Walks the chain of the packet whose IPv6 header is at {@code ipOff}, which {@link
   * Ipv6#check(byte[], int, int)} accepted: the chain must end within the payload length.
   */
  public PacketStatus parse(byte[] buf, int ipOff) {
    int end = ipOff + Ipv6.HEADER_LENGTH + Ipv6.payloadLength(buf, ipOff);
    return walk(buf, Ipv6.nextHeader(buf, ipOff), ipOff + Ipv6.HEADER_LENGTH, end);
  }

  /**
   * Walks a chain starting with header type {@code nextHeader} at {@code off}, reading nothing at
   * or beyond {@code end}; returns TRUNCATED when a header crosses {@code end}, TOO_MANY_HEADERS
   * after {@link #MAX_HEADERS}, else OK.
   */
  public PacketStatus walk(byte[] buf, int nextHeader, int off, int end) {
    protocol = nextHeader;
    upperOffset = off;
    headerCount = 0;
    fragment = false;
    fragmentOffset = 0;
    moreFragments = false;
    fragmentId = 0;
    if (off < 0 || end > buf.length) {
      return PacketStatus.TRUNCATED;
    }
    while (isExtension(protocol) && !(fragment && fragmentOffset != 0)) {
      if (headerCount == MAX_HEADERS) {
        return PacketStatus.TOO_MANY_HEADERS;
      }
      if (end - upperOffset < 8) {
        return PacketStatus.TRUNCATED;
      }
      int length = headerLength(buf, upperOffset);
      if (end - upperOffset < length) {
        return PacketStatus.TRUNCATED;
      }
      if (protocol == IpProtocol.FRAGMENT) {
        readFragment(buf, upperOffset);
      }
      protocol = buf[upperOffset] & 0xff;
      upperOffset += length;
      headerCount++;
    }
    return PacketStatus.OK;
  }

  private int headerLength(byte[] buf, int off) {
    int lengthField = buf[off + 1] & 0xff;
    if (protocol == IpProtocol.FRAGMENT) {
      return FRAGMENT_HEADER_LENGTH;
    }
    if (protocol == IpProtocol.AH) {
      return (lengthField + 2) * 4;
    }
    return (lengthField + 1) * 8;
  }

  private void readFragment(byte[] buf, int off) {
    int word = Checksum.read16(buf, off + 2);
    fragment = true;
    fragmentOffset = word & 0xfff8;
    moreFragments = (word & 1) != 0;
    fragmentId = Ipv4.readInt(buf, off + 4);
  }

  /** Whether {@code nextHeader} is an extension header this walker steps over. */
  public static boolean isExtension(int nextHeader) {
    return nextHeader == IpProtocol.HOP_BY_HOP
        || nextHeader == IpProtocol.ROUTING
        || nextHeader == IpProtocol.FRAGMENT
        || nextHeader == IpProtocol.DESTINATION_OPTIONS
        || nextHeader == IpProtocol.AH;
  }

  /** The upper-layer protocol (or 59 no-next-header, or 50 ESP). */
  public int protocol() {
    return protocol;
  }

  /** The absolute offset of the upper-layer header (for a non-first fragment: of the data). */
  public int upperOffset() {
    return upperOffset;
  }

  /** The number of extension headers stepped over. */
  public int headerCount() {
    return headerCount;
  }

  /** Whether a fragment header was found. */
  public boolean isFragment() {
    return fragment;
  }

  /** Whether this is a fragment other than the first (no upper-layer header follows). */
  public boolean isNonFirstFragment() {
    return fragment && fragmentOffset != 0;
  }

  /** The fragment offset in bytes (0 without a fragment header). */
  public int fragmentOffset() {
    return fragmentOffset;
  }

  /** Whether the M (more fragments) flag is set. */
  public boolean moreFragments() {
    return moreFragments;
  }

  /** The fragment identification (0 without a fragment header). */
  public int fragmentId() {
    return fragmentId;
  }
}
