package io.vth.core.action;

import io.vth.core.packet.Checksum;

/** Builds IPv4/IPv6 test packets with every checksum computed from scratch. */
final class TestPackets {

  static final int TCP = 6;
  static final int UDP = 17;

  private TestPackets() {}

  /** An IPv4 packet without options carrying a TCP segment (20-byte header) or UDP datagram. */
  static byte[] ipv4(int protocol, byte[] src, byte[] dst, int ttl, byte[] payload) {
    int l4Header = protocol == TCP ? 20 : 8;
    int total = 20 + l4Header + payload.length;
    byte[] p = new byte[total];
    p[0] = 0x45;
    Checksum.write16(p, 2, total);
    Checksum.write16(p, 4, 0x1234);
    p[8] = (byte) ttl;
    p[9] = (byte) protocol;
    System.arraycopy(src, 0, p, 12, 4);
    System.arraycopy(dst, 0, p, 16, 4);
    fillTransport(p, 20, protocol, payload);
    Checksum.write16(p, 10, Checksum.compute(p, 0, 20));
    transportChecksum(p, 12, 4, 20, protocol);
    return p;
  }

  /** An IPv6 packet carrying a TCP segment or UDP datagram. */
  static byte[] ipv6(int protocol, byte[] src, byte[] dst, int hopLimit, byte[] payload) {
    int l4Length = (protocol == TCP ? 20 : 8) + payload.length;
    byte[] p = new byte[40 + l4Length];
    p[0] = 0x60;
    Checksum.write16(p, 4, l4Length);
    p[6] = (byte) protocol;
    p[7] = (byte) hopLimit;
    System.arraycopy(src, 0, p, 8, 16);
    System.arraycopy(dst, 0, p, 24, 16);
    fillTransport(p, 40, protocol, payload);
    transportChecksum(p, 8, 16, 40, protocol);
    return p;
  }

  private static void fillTransport(byte[] p, int at, int protocol, byte[] payload) {
    Checksum.write16(p, at, 40000);
    Checksum.write16(p, at + 2, protocol == TCP ? 443 : 53);
    if (protocol == TCP) {
      p[at + 12] = 0x50;
      p[at + 13] = 0x18;
      Checksum.write16(p, at + 14, 512);
      System.arraycopy(payload, 0, p, at + 20, payload.length);
    } else {
      Checksum.write16(p, at + 4, 8 + payload.length);
      System.arraycopy(payload, 0, p, at + 8, payload.length);
    }
  }

  /** Recomputes the TCP/UDP checksum of the packet from scratch, pseudo-header included. */
  static void transportChecksum(byte[] p, int addrOff, int addrLen, int l4, int protocol) {
    int field = l4 + (protocol == TCP ? 16 : 6);
    int l4Length = p.length - l4;
    Checksum.write16(p, field, 0);
    long sum = Checksum.sum(p, addrOff, 2 * addrLen, 0) + protocol + l4Length;
    int checksum = ~Checksum.fold(Checksum.sum(p, l4, l4Length, sum)) & 0xffff;
    Checksum.write16(p, field, protocol == UDP && checksum == 0 ? 0xffff : checksum);
  }

  static byte[] v4(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }

  static byte[] v6(String literal) {
    return AssemblySyntax.ipv6(literal);
  }
}
