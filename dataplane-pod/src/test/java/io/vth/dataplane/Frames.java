package io.vth.dataplane;

import io.vth.core.packet.Arp;
import io.vth.core.packet.Checksum;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Icmp;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.L4Checksum;
import io.vth.core.packet.Udp;
import io.vth.core.packet.Vxlan;

/** VXLAN frames as a network's tunnel endpoint would send them, for tests. */
final class Frames {

  static final long HOST_MAC = 0x02_00_00_00_aa_01L;

  private Frames() {}

  static int ip(String dotted) {
    int v = 0;
    for (String p : dotted.split("\\.")) {
      v = (v << 8) | Integer.parseInt(p);
    }
    return v;
  }

  /** A VXLAN datagram carrying an Ethernet frame with {@code payload}. */
  static byte[] vxlan(int vni, long dstMac, long srcMac, int etherType, byte[] payload) {
    byte[] d = new byte[Vxlan.HEADER_LENGTH + Ethernet.HEADER_LENGTH + payload.length];
    Vxlan.writeHeader(d, 0, vni);
    Ethernet.writeHeader(d, Vxlan.HEADER_LENGTH, dstMac, srcMac, etherType);
    System.arraycopy(payload, 0, d, Vxlan.HEADER_LENGTH + Ethernet.HEADER_LENGTH, payload.length);
    return d;
  }

  static byte[] udp(String src, String dst, int srcPort, int dstPort, int ttl, int payload) {
    byte[] p = new byte[20 + 8 + payload];
    Ipv4.writeHeader(p, 0, p.length, 1, 0, ttl, IpProtocol.UDP, ip(src), ip(dst));
    Udp.writeHeader(p, 20, srcPort, dstPort, 8 + payload);
    L4Checksum.writeIpv4(p, 0, IpProtocol.UDP, 20, 8 + payload);
    return p;
  }

  static byte[] ping(String src, String dst, int ttl) {
    byte[] p = new byte[20 + 8 + 16];
    Ipv4.writeHeader(p, 0, p.length, 1, 0, ttl, IpProtocol.ICMP, ip(src), ip(dst));
    Icmp.writeEcho(p, 20, Icmp.ECHO_REQUEST, 77, 1);
    Checksum.write16(p, 22, Checksum.compute(p, 20, p.length - 20));
    return p;
  }

  static byte[] arpRequest(long senderMac, String senderIp, String targetIp) {
    byte[] a = new byte[Arp.LENGTH];
    Arp.write(a, 0, Arp.OP_REQUEST, senderMac, ip(senderIp), 0, ip(targetIp));
    return a;
  }

  static byte[] arpReply(long senderMac, String senderIp, long targetMac, String targetIp) {
    byte[] a = new byte[Arp.LENGTH];
    Arp.write(a, 0, Arp.OP_REPLY, senderMac, ip(senderIp), targetMac, ip(targetIp));
    return a;
  }
}
