package io.vth.bench;

import io.vth.core.packet.Checksum;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Udp;
import io.vth.core.packet.Vxlan;

/** Builds the benchmarks' packets with every checksum computed from scratch. */
final class Packets {

  static final int CLIENT = 0xc0a8010a; // 192.168.1.10
  static final int SERVER = 0xcb007105; // 203.0.113.5

  private Packets() {}

  /** An IPv4 packet without options carrying a TCP segment (20-byte header) or a UDP datagram. */
  static byte[] ipv4(int protocol, int src, int dst, int ttl, byte[] payload) {
    int l4Header = protocol == IpProtocol.TCP ? 20 : Udp.HEADER_LENGTH;
    byte[] p = new byte[Ipv4.MIN_HEADER_LENGTH + l4Header + payload.length];
    writeIpv4(p, 0, protocol, src, dst, ttl, payload);
    return p;
  }

  /** Writes the IPv4 packet of {@link #ipv4} at {@code off} and returns its length. */
  static int writeIpv4(byte[] p, int off, int protocol, int src, int dst, int ttl, byte[] payload) {
    boolean tcp = protocol == IpProtocol.TCP;
    int l4 = off + Ipv4.MIN_HEADER_LENGTH;
    int l4Length = (tcp ? 20 : Udp.HEADER_LENGTH) + payload.length;
    Ipv4.writeHeader(p, off, 20 + l4Length, 0x1234, Ipv4.FLAG_DF, ttl, protocol, src, dst);
    Checksum.write16(p, l4, 40000);
    Checksum.write16(p, l4 + 2, tcp ? 443 : 53);
    if (tcp) {
      p[l4 + 12] = 0x50;
      p[l4 + 13] = 0x18;
      Checksum.write16(p, l4 + 14, 512);
    } else {
      Checksum.write16(p, l4 + 4, l4Length);
    }
    System.arraycopy(payload, 0, p, l4 + l4Length - payload.length, payload.length);
    int field = l4 + (tcp ? 16 : 6);
    long sum = Checksum.sum(p, off + 12, 8, 0) + protocol + l4Length;
    int checksum = ~Checksum.fold(Checksum.sum(p, l4, l4Length, sum)) & 0xffff;
    Checksum.write16(p, field, !tcp && checksum == 0 ? 0xffff : checksum);
    return 20 + l4Length;
  }

  /**
   * A VXLAN datagram payload (what the dataplane pod's UDP socket receives) carrying an inner
   * Ethernet frame of {@code frameLength} bytes with an IPv4/UDP packet inside.
   */
  static byte[] vxlanUdp(int frameLength, int vni) {
    int ipLength = frameLength - Ethernet.HEADER_LENGTH;
    byte[] payload = new byte[ipLength - Ipv4.MIN_HEADER_LENGTH - Udp.HEADER_LENGTH];
    byte[] p = new byte[Vxlan.HEADER_LENGTH + frameLength];
    Vxlan.writeHeader(p, 0, vni);
    Ethernet.writeHeader(p, 8, 0x02005e005301L, 0x02005e005302L, Ethernet.TYPE_IPV4);
    writeIpv4(p, 8 + Ethernet.HEADER_LENGTH, IpProtocol.UDP, CLIENT, SERVER, 64, payload);
    return p;
  }
}
