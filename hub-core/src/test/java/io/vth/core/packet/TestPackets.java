package io.vth.core.packet;

import java.io.ByteArrayOutputStream;

/** Builders of well-formed test packets (allocating, checksums filled in). */
public final class TestPackets {

  private TestPackets() {}

  /** A UDP datagram (checksum zero until the IP builder fills it). */
  public static byte[] udp(int srcPort, int dstPort, byte[] payload) {
    byte[] b = new byte[Udp.HEADER_LENGTH + payload.length];
    Udp.writeHeader(b, 0, srcPort, dstPort, b.length);
    System.arraycopy(payload, 0, b, Udp.HEADER_LENGTH, payload.length);
    return b;
  }

  /** A TCP segment without options. */
  public static byte[] tcp(int srcPort, int dstPort, int flags, byte[] payload) {
    byte[] b = new byte[Tcp.MIN_HEADER_LENGTH + payload.length];
    Tcp.writeHeader(b, 0, srcPort, dstPort, 0x01020304, 0x05060708, flags, 65535);
    System.arraycopy(payload, 0, b, Tcp.MIN_HEADER_LENGTH, payload.length);
    return b;
  }

  /** An ICMP or ICMPv6 message with the given type, code and four type-specific bytes. */
  public static byte[] icmp(int type, int code, int rest, byte[] payload) {
    byte[] b = new byte[Icmp.HEADER_LENGTH + payload.length];
    b[0] = (byte) type;
    b[1] = (byte) code;
    Ipv4.writeInt(b, 4, rest);
    System.arraycopy(payload, 0, b, Icmp.HEADER_LENGTH, payload.length);
    return b;
  }

  /** An ICMP/ICMPv6 echo message. */
  public static byte[] echo(int type, int identifier, int sequence, byte[] payload) {
    return icmp(type, 0, (identifier << 16) | sequence, payload);
  }

  /** An IPv4 packet without options, TTL 64, not fragmented. */
  public static byte[] ipv4(int protocol, int src, int dst, byte[] l4) {
    return ipv4(protocol, src, dst, l4, 0, 64, new byte[0]);
  }

  /**
   * An IPv4 packet; {@code options} has a length that is a multiple of 4 (at most 40). The
   * transport checksum is filled in for a first fragment of TCP, UDP or ICMP.
   */
  public static byte[] ipv4(
      int protocol, int src, int dst, byte[] l4, int flagsAndOffset, int ttl, byte[] options) {
    int headerLength = Ipv4.MIN_HEADER_LENGTH + options.length;
    byte[] b = new byte[headerLength + l4.length];
    Ipv4.writeHeader(b, 0, b.length, 0x1234, flagsAndOffset, ttl, protocol, src, dst);
    b[0] = (byte) (0x40 | headerLength / 4);
    System.arraycopy(options, 0, b, Ipv4.MIN_HEADER_LENGTH, options.length);
    System.arraycopy(l4, 0, b, headerLength, l4.length);
    Ipv4.writeHeaderChecksum(b, 0);
    boolean first = (flagsAndOffset & 0x1fff) == 0;
    if (first && L4Checksum.fieldOffset(protocol) >= 0 && l4.length >= minimum(protocol)) {
      L4Checksum.writeIpv4(b, 0, protocol, headerLength, l4.length);
    }
    return b;
  }

  /** An IPv6 packet without extension headers, hop limit 64. */
  public static byte[] ipv6(int protocol, byte[] src, byte[] dst, byte[] l4) {
    return ipv6(protocol, src, dst, l4, new int[0], 0);
  }

  /**
   * An IPv6 packet whose extension headers have the types {@code extensions} in order; a fragment
   * header carries {@code fragmentWord} (offset in bytes | M flag). Options are padding. The
   * transport checksum is filled in unless the packet is a non-first fragment.
   */
  public static byte[] ipv6(
      int protocol, byte[] src, byte[] dst, byte[] l4, int[] extensions, int fragmentWord) {
    ByteArrayOutputStream chain = new ByteArrayOutputStream();
    for (int i = 0; i < extensions.length; i++) {
      int next = i + 1 < extensions.length ? extensions[i + 1] : protocol;
      chain.writeBytes(extension(extensions[i], next, fragmentWord, i));
    }
    int chainLength = chain.size();
    byte[] b = new byte[Ipv6.HEADER_LENGTH + chainLength + l4.length];
    int first = extensions.length > 0 ? extensions[0] : protocol;
    Ipv6.writeHeader(b, 0, b.length - Ipv6.HEADER_LENGTH, first, 64, src, 0, dst, 0);
    System.arraycopy(chain.toByteArray(), 0, b, Ipv6.HEADER_LENGTH, chainLength);
    int l4Off = Ipv6.HEADER_LENGTH + chainLength;
    System.arraycopy(l4, 0, b, l4Off, l4.length);
    boolean nonFirst = contains(extensions, IpProtocol.FRAGMENT) && (fragmentWord & 0xfff8) != 0;
    if (!nonFirst && L4Checksum.fieldOffset(protocol) >= 0 && l4.length >= minimum(protocol)) {
      L4Checksum.writeIpv6(b, 0, protocol, l4Off, l4.length);
    }
    return b;
  }

  private static byte[] extension(int type, int next, int fragmentWord, int index) {
    byte[] h;
    if (type == IpProtocol.FRAGMENT) {
      h = new byte[8];
      Checksum.write16(h, 2, fragmentWord);
      Ipv4.writeInt(h, 4, 0xcafe0000 | index);
    } else if (type == IpProtocol.AH) {
      h = new byte[12 + 4 * (index % 2)];
      h[1] = (byte) (h.length / 4 - 2);
    } else {
      h = new byte[8 * (1 + index % 3)];
      h[1] = (byte) (h.length / 8 - 1);
    }
    h[0] = (byte) next;
    return h;
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }

  private static int minimum(int protocol) {
    return L4Checksum.fieldOffset(protocol) + 2;
  }

  /** An Ethernet frame with the given VLAN tags ({@code tpid << 16 | tci} each). */
  public static byte[] ethernet(long dst, long src, int[] tags, int etherType, byte[] payload) {
    int headerLength = Ethernet.HEADER_LENGTH + Ethernet.TAG_LENGTH * tags.length;
    byte[] b = new byte[headerLength + payload.length];
    Ethernet.writeMac(b, 0, dst);
    Ethernet.writeMac(b, 6, src);
    for (int i = 0; i < tags.length; i++) {
      Ipv4.writeInt(b, 12 + 4 * i, tags[i]);
    }
    Checksum.write16(b, headerLength - 2, etherType);
    System.arraycopy(payload, 0, b, headerLength, payload.length);
    return b;
  }

  /** A 16-byte address whose bytes are {@code seed, seed + 1, ...}. */
  public static byte[] address6(int seed) {
    byte[] a = new byte[16];
    for (int i = 0; i < 16; i++) {
      a[i] = (byte) (seed + i);
    }
    return a;
  }

  /** The bytes {@code b[off, off + len)} copied into a new array of exactly that length. */
  public static byte[] slice(byte[] b, int off, int len) {
    byte[] s = new byte[len];
    System.arraycopy(b, off, s, 0, len);
    return s;
  }
}
