package io.vth.core.flow;

import io.vth.core.packet.Checksum;
import io.vth.core.packet.Icmp;
import io.vth.core.packet.Icmpv6;
import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Ipv6;
import io.vth.core.packet.Ipv6ExtensionHeaders;
import io.vth.core.packet.PacketStatus;

/**
 * Fills a reusable {@link FlowKey} from an IPv4 or IPv6 packet and the VNI it arrived on, following
 * the key's rules for ports, ICMP and fragments, without allocating.
 *
 * <p>One extractor per worker thread: it holds a reusable extension-header walker. The IP header is
 * checked structurally (not its checksum, which the ingress checks do); the transport header of a
 * first fragment must be complete (TCP 20, UDP 8, SCTP 12, ICMP 8 bytes) or the packet is reported
 * malformed ({@link PacketStatus#TRUNCATED}). On any status but OK the key's content is
 * unspecified.
 */
public final class FlowKeyExtractor {

  private static final long MALFORMED = -1;

  private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();

  /** Fills {@code key} from the IP packet {@code buf[off, off + len)} received on {@code vni}. */
  public PacketStatus extract(byte[] buf, int off, int len, int vni, FlowKey key) {
    if (off < 0 || len < 1 || len > buf.length - off) {
      return PacketStatus.TRUNCATED;
    }
    int version = (buf[off] & 0xff) >>> 4;
    if (version == 4) {
      return extractIpv4(buf, off, len, vni, key);
    }
    if (version == 6) {
      return extractIpv6(buf, off, len, vni, key);
    }
    return PacketStatus.BAD_VERSION;
  }

  private PacketStatus extractIpv4(byte[] buf, int off, int len, int vni, FlowKey key) {
    PacketStatus status = Ipv4.checkStructure(buf, off, len);
    if (status != PacketStatus.OK) {
      return status;
    }
    int protocol = Ipv4.protocol(buf, off);
    int src = Ipv4.source(buf, off);
    int dst = Ipv4.destination(buf, off);
    if (Ipv4.fragmentOffset(buf, off) != 0) {
      key.setIpv4(vni, protocol, src, dst, 0, 0).markNonFirstFragment();
      return PacketStatus.OK;
    }
    int headerLength = Ipv4.headerLength(buf, off);
    long ports =
        ports(buf, protocol, false, off + headerLength, Ipv4.totalLength(buf, off) - headerLength);
    if (ports == MALFORMED) {
      return PacketStatus.TRUNCATED;
    }
    key.setIpv4(vni, protocol, src, dst, (int) (ports >>> 16), (int) ports);
    return PacketStatus.OK;
  }

  private PacketStatus extractIpv6(byte[] buf, int off, int len, int vni, FlowKey key) {
    PacketStatus status = Ipv6.check(buf, off, len);
    if (status == PacketStatus.OK) {
      status = chain.parse(buf, off);
    }
    if (status != PacketStatus.OK) {
      return status;
    }
    int protocol = chain.protocol();
    long srcHi = Ipv6.sourceHigh(buf, off);
    long srcLo = Ipv6.sourceLow(buf, off);
    long dstHi = Ipv6.destinationHigh(buf, off);
    long dstLo = Ipv6.destinationLow(buf, off);
    if (chain.isNonFirstFragment()) {
      key.setIpv6(vni, protocol, srcHi, srcLo, dstHi, dstLo, 0, 0).markNonFirstFragment();
      return PacketStatus.OK;
    }
    int end = off + Ipv6.HEADER_LENGTH + Ipv6.payloadLength(buf, off);
    long ports = ports(buf, protocol, true, chain.upperOffset(), end - chain.upperOffset());
    if (ports == MALFORMED) {
      return PacketStatus.TRUNCATED;
    }
    key.setIpv6(vni, protocol, srcHi, srcLo, dstHi, dstLo, (int) (ports >>> 16), (int) ports);
    return PacketStatus.OK;
  }

  /** The key's ports packed as {@code src << 16 | dst}, or {@link #MALFORMED}. */
  private static long ports(byte[] buf, int protocol, boolean v6, int l4Off, int l4Len) {
    int icmp = v6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP;
    int required = requiredLength(protocol, icmp);
    if (required == 0) {
      return 0;
    }
    if (l4Len < required) {
      return MALFORMED;
    }
    int first = Checksum.read16(buf, l4Off);
    if (protocol != icmp) {
      return ((long) first << 16) | Checksum.read16(buf, l4Off + 2);
    }
    int type = first >>> 8;
    if (v6 ? Icmpv6.isEcho(type) : Icmp.isEcho(type)) {
      int identifier = Checksum.read16(buf, l4Off + 4);
      return ((long) identifier << 16) | identifier;
    }
    return first;
  }

  private static int requiredLength(int protocol, int icmp) {
    if (protocol == icmp) {
      return Icmp.HEADER_LENGTH;
    }
    switch (protocol) {
      case IpProtocol.TCP:
        return 20;
      case IpProtocol.UDP:
        return 8;
      case IpProtocol.SCTP:
        return 12;
      default:
        return 0;
    }
  }
}
