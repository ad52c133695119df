package io.vth.dataplane;

import io.vth.core.packet.Arp;
import io.vth.core.packet.Checksum;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Icmp;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.L4Checksum;
import io.vth.core.packet.PacketStatus;
import io.vth.core.packet.Tcp;
import io.vth.core.packet.Udp;
import io.vth.core.packet.Vxlan;
import java.util.HashMap;
import java.util.Map;

/**
 * What the hub does as a router on each attachment's segment: answers ARP for its gateway address
 * and learns neighbours from ARP, answers pings to the gateway, reports expired TTLs with ICMP
 * (rate limited), asks with ARP for next hops it does not know, and carries the datagrams and TCP
 * segments of the hub's DNS resolver ({@link DnsService}, {@link DnsTcp}).
 */
final class SegmentServices {

  private static final int HEADER = Vxlan.HEADER_LENGTH + Ethernet.HEADER_LENGTH;
  private static final int ICMP_ERRORS_PER_SECOND = 100;

  private final PacketWorker worker;
  private final byte[] header = new byte[HEADER];
  private final byte[] scratch = new byte[PacketWorker.MAX_IP];
  // The resolver's datagrams: not scratch, which an ARP request for their next hop overwrites.
  private final byte[] udp = new byte[PacketWorker.MAX_IP];
  private long icmpWindowStart;
  private int icmpInWindow;
  // Each attachment may use a quarter of the ICMP error budget, so one cannot exhaust it.
  private final Map<Integer, int[]> icmpPerSegment = new HashMap<>();

  SegmentServices(PacketWorker worker) {
    this.worker = worker;
  }

  void arp(Segment seg, byte[] buf, int p, int plen, long now) {
    if (Arp.check(buf, p, plen) != PacketStatus.OK) {
      worker.stats.drop(DropCause.MALFORMED);
      return;
    }
    int senderIp = Arp.senderIp(buf, p);
    long senderMac = Arp.senderMac(buf, p);
    if (senderIp != 0 && !seg.mayBeNeighbor(senderIp)) {
      // Not an address of this network: it must not enter the table (or be answered).
      worker.stats.drop(DropCause.SPOOFED_SOURCE);
      return;
    }
    if (senderIp != 0 && !Ethernet.isMulticast(senderMac)) {
      // An ARP reply may answer another pod's request: share it even when this pod knew it.
      if (worker.state.neighbors.learn(seg.vni, senderIp, senderMac)
          || Arp.operation(buf, p) == Arp.OP_REPLY) {
        worker.state.announce(seg.vni, senderIp, senderMac);
      }
      worker.neighborWait.release(seg.vni, senderIp, now);
    }
    if (Arp.operation(buf, p) == Arp.OP_REQUEST && Arp.targetIp(buf, p) == seg.gatewayIpv4) {
      int len = Arp.writeReply(buf, p, scratch, 0, seg.gatewayMac);
      frame(seg, senderMac, Ethernet.TYPE_ARP);
      worker.out.sendTunnel(header, HEADER, scratch, len, seg.remote, seg.vni);
    }
  }

  /** Asks on segment {@code seg} who has {@code ipv4}. */
  void requestArp(Segment seg, int ipv4) {
    int len = Arp.write(scratch, 0, Arp.OP_REQUEST, seg.gatewayMac, seg.gatewayIpv4, 0, ipv4);
    frame(seg, Ethernet.BROADCAST, Ethernet.TYPE_ARP);
    worker.out.sendTunnel(header, HEADER, scratch, len, seg.remote, seg.vni);
  }

  /**
   * Answers an ICMP echo request sent to the gateway, passes UDP and TCP port 53 to the DNS
   * resolver, refuses other TCP with a reset; anything else to the gateway is dropped.
   */
  void toGateway(Segment seg, byte[] buf, int p, int length, long srcMac, long now) {
    int ihl = Ipv4.headerLength(buf, p);
    if (Ipv4.protocol(buf, p) == IpProtocol.UDP && !Ipv4.isFragment(buf, p)) {
      if (!worker.state.dns.onDatagram(worker, seg, buf, p, length, srcMac, now)) {
        worker.stats.drop(DropCause.POLICY);
      }
      return;
    }
    if (Ipv4.protocol(buf, p) == IpProtocol.TCP && !Ipv4.isFragment(buf, p)) {
      if (length - ihl >= Tcp.MIN_HEADER_LENGTH
          && Tcp.destinationPort(buf, p + ihl) == DnsService.PORT) {
        worker.state.dns.tcp().onSegment(worker, seg, buf, p, length, srcMac, now);
      } else {
        resetTcp(seg, buf, p, length, srcMac, now);
      }
      return;
    }
    if (Ipv4.protocol(buf, p) != IpProtocol.ICMP
        || Ipv4.isFragment(buf, p)
        || Icmp.check(buf, p + ihl, length - ihl) != PacketStatus.OK
        || Icmp.type(buf, p + ihl) != Icmp.ECHO_REQUEST) {
      worker.stats.drop(DropCause.POLICY);
      return;
    }
    System.arraycopy(buf, p, scratch, 0, length);
    int requester = Ipv4.source(scratch, 0);
    Ipv4.writeInt(scratch, 12, seg.gatewayIpv4);
    Ipv4.writeInt(scratch, 16, requester);
    scratch[8] = 64;
    Ipv4.writeHeaderChecksum(scratch, 0);
    int icmp = ihl;
    int old = Checksum.read16(scratch, icmp);
    scratch[icmp] = (byte) Icmp.ECHO_REPLY;
    int fixed =
        Checksum.update16(Checksum.read16(scratch, icmp + 2), old, Checksum.read16(scratch, icmp));
    Checksum.write16(scratch, icmp + 2, fixed);
    frame(seg, srcMac, Ethernet.TYPE_IPV4);
    worker.out.sendTunnel(header, HEADER, scratch, length, seg.remote, seg.vni);
  }

  /**
   * Refuses TCP to the gateway as a closed port does (RFC 9293 section 3.10.7.1): a reset, rate
   * limited like ICMP errors. Used for ports the hub does not serve, and on port 53 for segments of
   * no connection (or when the attachment's DNS policy does not serve it), so a client learns at
   * once instead of waiting for its timeout.
   */
  void resetTcp(Segment seg, byte[] buf, int p, int length, long srcMac, long now) {
    int ihl = Ipv4.headerLength(buf, p);
    int tcp = p + ihl;
    int tcpLength = length - ihl;
    if (Tcp.check(buf, tcp, tcpLength) != PacketStatus.OK
        || !Tcp.verifyIpv4(buf, p, tcp, tcpLength)) {
      worker.stats.drop(DropCause.MALFORMED);
      return;
    }
    worker.stats.drop(DropCause.POLICY);
    int flags = Tcp.flags(buf, tcp);
    if ((flags & Tcp.RST) != 0 || !icmpAllowed(seg, now)) {
      return;
    }
    int seq;
    int ack;
    int resetFlags;
    if ((flags & Tcp.ACK) != 0) {
      seq = Tcp.acknowledgement(buf, tcp);
      ack = 0;
      resetFlags = Tcp.RST;
    } else {
      seq = 0;
      ack =
          Tcp.sequence(buf, tcp)
              + tcpLength
              - Tcp.headerLength(buf, tcp)
              + ((flags & Tcp.SYN) != 0 ? 1 : 0)
              + ((flags & Tcp.FIN) != 0 ? 1 : 0);
      resetFlags = Tcp.RST | Tcp.ACK;
    }
    int total = 20 + Tcp.MIN_HEADER_LENGTH;
    Ipv4.writeHeader(
        scratch,
        0,
        total,
        0,
        Ipv4.FLAG_DF,
        64,
        IpProtocol.TCP,
        seg.gatewayIpv4,
        Ipv4.source(buf, p));
    Tcp.writeHeader(
        scratch,
        20,
        Tcp.destinationPort(buf, tcp),
        Tcp.sourcePort(buf, tcp),
        seq,
        ack,
        resetFlags,
        0);
    L4Checksum.writeIpv4(scratch, 0, IpProtocol.TCP, 20, Tcp.MIN_HEADER_LENGTH);
    frame(seg, srcMac, Ethernet.TYPE_IPV4);
    worker.out.sendTunnel(header, HEADER, scratch, total, seg.remote, seg.vni);
  }

  /**
   * Sends a TCP segment from port 53 of the gateway of {@code seg} to {@code dstMac}/{@code dstIp}:
   * {@code len} bytes of {@code payload} from {@code off}, and an MSS option when {@code mss} is
   * positive (SYN-ACK).
   */
  void sendTcp(
      Segment seg,
      long dstMac,
      int dstIp,
      int dstPort,
      int seq,
      int ack,
      int flags,
      int window,
      int mss,
      byte[] payload,
      int off,
      int len) {
    int tcpHeader = Tcp.MIN_HEADER_LENGTH + (mss > 0 ? 4 : 0);
    int total = 20 + tcpHeader + len;
    if (total > scratch.length) {
      return;
    }
    Ipv4.writeHeader(
        scratch, 0, total, 0, Ipv4.FLAG_DF, 64, IpProtocol.TCP, seg.gatewayIpv4, dstIp);
    Tcp.writeHeader(scratch, 20, DnsService.PORT, dstPort, seq, ack, flags, window);
    if (mss > 0) {
      scratch[20 + 12] = (byte) ((tcpHeader / 4) << 4);
      scratch[40] = 2;
      scratch[41] = 4;
      Checksum.write16(scratch, 42, mss);
    }
    if (len > 0) {
      System.arraycopy(payload, off, scratch, 20 + tcpHeader, len);
    }
    L4Checksum.writeIpv4(scratch, 0, IpProtocol.TCP, 20, tcpHeader + len);
    frame(seg, dstMac, Ethernet.TYPE_IPV4);
    worker.out.sendTunnel(header, HEADER, scratch, total, seg.remote, dstPort);
  }

  /**
   * Sends a UDP datagram from the gateway of {@code seg} to {@code dstMac}/{@code dstIp} (a reply
   * to a host whose MAC the hub just saw).
   */
  void replyDatagram(
      Segment seg,
      long dstMac,
      int dstIp,
      int srcPort,
      int dstPort,
      byte[] payload,
      int off,
      int len) {
    int total = datagram(seg, dstIp, srcPort, dstPort, payload, off, len);
    if (total > 0) {
      frame(seg, dstMac, Ethernet.TYPE_IPV4);
      worker.out.sendTunnel(header, HEADER, udp, total, seg.remote, dstPort);
    }
  }

  /**
   * Sends a UDP datagram from the gateway of {@code seg} to {@code dstIp}, asking with ARP for its
   * MAC first when the hub does not know it.
   */
  void sendDatagram(
      Segment seg, int dstIp, int srcPort, int dstPort, byte[] payload, int len, long now) {
    int total = datagram(seg, dstIp, srcPort, dstPort, payload, 0, len);
    if (total <= 0) {
      return;
    }
    long mac = worker.resolve(seg, udp);
    if (mac == NeighborTable.UNKNOWN) {
      worker.neighborWait.hold(seg, udp, total, srcPort, now);
      return;
    }
    frame(seg, mac, Ethernet.TYPE_IPV4);
    worker.out.sendTunnel(header, HEADER, udp, total, seg.remote, srcPort);
  }

  /** Writes IPv4 + UDP + payload into the udp buffer; returns the length, or -1 if too long. */
  private int datagram(
      Segment seg, int dstIp, int srcPort, int dstPort, byte[] payload, int off, int len) {
    int total = 20 + Udp.HEADER_LENGTH + len;
    if (total > udp.length) {
      return -1;
    }
    Ipv4.writeHeader(udp, 0, total, 0, Ipv4.FLAG_DF, 64, IpProtocol.UDP, seg.gatewayIpv4, dstIp);
    Udp.writeHeader(udp, 20, srcPort, dstPort, Udp.HEADER_LENGTH + len);
    System.arraycopy(payload, off, udp, 20 + Udp.HEADER_LENGTH, len);
    L4Checksum.writeIpv4(udp, 0, IpProtocol.UDP, 20, Udp.HEADER_LENGTH + len);
    return total;
  }

  /** Tells the sender that its packet's TTL ran out at the hub (ICMP time exceeded). */
  void timeExceeded(Segment seg, byte[] buf, int p, long srcMac, long now) {
    if (!Icmp.mayReportError(buf, p, Ipv4.totalLength(buf, p)) || !icmpAllowed(seg, now)) {
      return;
    }
    int len = Icmp.writeTimeExceeded(scratch, 0, scratch.length, buf, p, seg.gatewayIpv4);
    if (len > 0) {
      frame(seg, srcMac, Ethernet.TYPE_IPV4);
      worker.out.sendTunnel(header, HEADER, scratch, len, seg.remote, seg.vni);
    }
  }

  /**
   * Tells the sender of the DF packet at {@code buf[p]} that the path to its destination carries at
   * most {@code mtu} bytes (ICMP fragmentation needed, RFC 1191), within the ICMP error budget.
   */
  void fragmentationNeeded(Segment seg, byte[] buf, int p, long srcMac, int mtu, long now) {
    if (!Icmp.mayReportError(buf, p, Ipv4.totalLength(buf, p)) || !icmpAllowed(seg, now)) {
      return;
    }
    int len =
        Icmp.writeFragmentationNeeded(scratch, 0, scratch.length, buf, p, seg.gatewayIpv4, mtu);
    if (len > 0) {
      frame(seg, srcMac, Ethernet.TYPE_IPV4);
      worker.out.sendTunnel(header, HEADER, scratch, len, seg.remote, seg.vni);
    }
  }

  private boolean icmpAllowed(Segment seg, long now) {
    if (now - icmpWindowStart > 1_000_000_000L) {
      icmpWindowStart = now;
      icmpInWindow = 0;
      icmpPerSegment.clear();
    }
    int[] used = icmpPerSegment.computeIfAbsent(seg.vni, v -> new int[1]);
    if (used[0] >= ICMP_ERRORS_PER_SECOND / 4 || icmpInWindow >= ICMP_ERRORS_PER_SECOND) {
      return false;
    }
    used[0]++;
    icmpInWindow++;
    return true;
  }

  private void frame(Segment seg, long dstMac, int etherType) {
    Vxlan.writeHeader(header, 0, seg.vni);
    Ethernet.writeHeader(header, Vxlan.HEADER_LENGTH, dstMac, seg.gatewayMac, etherType);
  }
}
