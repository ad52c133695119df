package io.vth.dataplane;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.config.DecisionConfig;
import io.vth.core.packet.Ethernet;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * An attachment's segment as the dataplane pod sees it: the VNI, the network's tunnel endpoint, the
 * hub's gateway address and MAC on the segment, and the network's ranges (for anti-spoofing).
 */
public final class Segment {

  final String name;
  final int vni;
  final int remoteIpv4;
  final InetSocketAddress remote;
  final int gatewayIpv4;
  final long gatewayMac;
  private final int gatewayNetwork;
  private final int gatewayMask;
  private final int[] egressVnis;
  final DecisionConfig.Limits limits;
  private final int[] networks4;
  private final int[] masks4;
  private final long[] networks6Hi;
  private final long[] networks6Lo;
  private final long[] masks6Hi;
  private final long[] masks6Lo;

  private Segment(DecisionConfig.Attachment a, int[] egressVnis, DecisionConfig.Limits limits) {
    this.egressVnis = egressVnis;
    this.limits = limits;
    this.name = a.name();
    this.vni = a.vni();
    IpAddress remoteAddress = IpAddress.parse(a.remote());
    if (!remoteAddress.isIpv4()) {
      throw new IllegalArgumentException(
          a.name() + ": tunnel remote " + a.remote() + " is not IPv4");
    }
    this.remoteIpv4 = remoteAddress.ipv4();
    this.remote = new InetSocketAddress(a.remote(), a.port());
    this.gatewayIpv4 = IpAddress.parse(a.gateway().substring(0, a.gateway().indexOf('/'))).ipv4();
    int gatewayLength = Integer.parseInt(a.gateway().substring(a.gateway().indexOf('/') + 1));
    this.gatewayMask = gatewayLength == 0 ? 0 : -1 << (32 - gatewayLength);
    this.gatewayNetwork = gatewayIpv4 & gatewayMask;
    this.gatewayMac = Ethernet.parseMac(a.gatewayMac());
    List<Cidr> v4 = a.cidrs().stream().map(Cidr::parse).filter(c -> c.network().isIpv4()).toList();
    List<Cidr> v6 = a.cidrs().stream().map(Cidr::parse).filter(c -> c.network().isIpv6()).toList();
    networks4 = new int[v4.size()];
    masks4 = new int[v4.size()];
    for (int i = 0; i < v4.size(); i++) {
      networks4[i] = v4.get(i).network().ipv4();
      masks4[i] = v4.get(i).prefixLength() == 0 ? 0 : -1 << (32 - v4.get(i).prefixLength());
    }
    networks6Hi = new long[v6.size()];
    networks6Lo = new long[v6.size()];
    masks6Hi = new long[v6.size()];
    masks6Lo = new long[v6.size()];
    for (int i = 0; i < v6.size(); i++) {
      int len = v6.get(i).prefixLength();
      networks6Hi[i] = v6.get(i).network().hi();
      networks6Lo[i] = v6.get(i).network().lo();
      masks6Hi[i] = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
      masks6Lo[i] = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
    }
  }

  /**
   * The segment of attachment {@code a}, whose packets may leave only to the attachments of {@code
   * egressVnis} (sorted: its own and those its routing domain has routes to), and which may hold
   * {@code limits} of the pod's shared resources.
   */
  public static Segment of(
      DecisionConfig.Attachment a, int[] egressVnis, DecisionConfig.Limits limits) {
    return new Segment(a, egressVnis.clone(), limits);
  }

  /**
   * Whether a packet that came in on this segment may leave on attachment {@code vni}: the check
   * after a program ran, so that no program (from a faulty or compromised decision pod) sends a
   * network's packets where its routing domain has no route. Allocation-free.
   */
  public boolean mayEgressTo(int vni) {
    return Arrays.binarySearch(egressVnis, vni) >= 0;
  }

  /** Whether an IPv4 source belongs to the network (the anti-spoofing check). */
  public boolean ownsIpv4(int address) {
    for (int i = 0; i < networks4.length; i++) {
      if ((address & masks4[i]) == networks4[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an ARP sender may be a neighbour on this segment: an address of the network's ranges or
   * of the link the hub's gateway address is on (the network's tunnel device).
   */
  public boolean mayBeNeighbor(int address) {
    return (address & gatewayMask) == gatewayNetwork || ownsIpv4(address);
  }

  /** Whether an IPv6 source belongs to the network. */
  public boolean ownsIpv6(long hi, long lo) {
    for (int i = 0; i < networks6Hi.length; i++) {
      if ((hi & masks6Hi[i]) == networks6Hi[i] && (lo & masks6Lo[i]) == networks6Lo[i]) {
        return true;
      }
    }
    return false;
  }

  /** The attachment's name ({@code namespace/name}). */
  public String name() {
    return name;
  }

  /** The attachment's VNI. */
  public int vni() {
    return vni;
  }
}
