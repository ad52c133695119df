package io.vth.dataplane;

import io.vth.core.action.ActionInterpreter;
import io.vth.core.action.EgressContext;
import io.vth.core.dns.DnsRewriter;
import io.vth.core.flow.FlowKey;
import io.vth.core.flow.FlowKeyExtractor;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Ipv6;
import io.vth.core.packet.PacketStatus;
import io.vth.core.packet.Vxlan;
import java.net.InetSocketAddress;

/**
 * One worker of a dataplane pod: takes VXLAN datagrams from attachments, checks them, answers ARP
 * and pings for the hub's gateway, and forwards IP packets with the cached action of their flow,
 * asking a decision pod on a miss. A worker is single-threaded and owns its cache and buffers, so
 * the fast path takes no lock and allocates nothing.
 */
public final class PacketWorker {

  /** Largest inner IP packet handled (a VXLAN datagram fits {@code UdpChannels.MAX_DATAGRAM}). */
  static final int MAX_IP = 2048;

  private static final int HEADER = Vxlan.HEADER_LENGTH + Ethernet.HEADER_LENGTH;

  final DataplaneState state;
  final PacketOutput out;
  final WorkerStats stats = new WorkerStats();
  final FlowCache<CachedAction> cache;
  private final FlowKey key = new FlowKey();
  private final FlowKeyExtractor extractor = new FlowKeyExtractor();
  private final Ethernet eth = new Ethernet();
  private final ActionInterpreter interpreter = new ActionInterpreter(DnsRewriter::rewriteAnswers);
  private final EgressContext egress = new EgressContext();
  private final byte[] ip = new byte[MAX_IP];
  private final byte[] header = new byte[HEADER];
  private final byte[] mac = new byte[6];
  final SlowPath slow;
  final NeighborWait neighborWait;
  final SegmentServices services;
  private Handoff handoff;

  /** Passes a flow that belongs to another worker (by flow hash) to that worker. */
  public interface Handoff {
    /** Whether this worker owns flows of {@code flowHash}. */
    boolean owns(long flowHash);

    /** Gives the IP packet {@code ip[0, length)} of flow {@code key} to the owning worker. */
    void pass(FlowKey key, byte[] ip, int length);
  }

  /** A worker caching at most {@code cacheSize} flows. */
  public PacketWorker(DataplaneState state, PacketOutput out, int cacheSize) {
    this.state = state;
    this.out = out;
    // One attachment holds at most a quarter of the cache: a flood of its flows leaves the others'.
    this.cache = new FlowCache<>(cacheSize, Math.max(1, cacheSize / 4));
    this.slow = new SlowPath(this);
    this.neighborWait = new NeighborWait(this);
    this.services = new SegmentServices(this);
  }

  /** Handles one VXLAN datagram (the UDP payload) received from {@code sourceIpv4}. */
  public void onTunnel(byte[] buf, int off, int len, int sourceIpv4, long now) {
    stats.packetsReceived++;
    stats.bytesReceived += len;
    if (Vxlan.check(buf, off, len) != PacketStatus.OK) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    Segment seg = state.segments().get(Vxlan.vni(buf, off));
    if (seg == null) {
      stats.drop(DropCause.UNKNOWN_VNI);
      return;
    }
    if (sourceIpv4 != seg.remoteIpv4) {
      stats.drop(DropCause.BAD_TUNNEL_SOURCE);
      return;
    }
    if (eth.parse(buf, off + Vxlan.HEADER_LENGTH, len - Vxlan.HEADER_LENGTH) != PacketStatus.OK) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    int p = eth.payloadOffset();
    int plen = eth.payloadLength();
    switch (eth.etherType()) {
      case Ethernet.TYPE_ARP -> services.arp(seg, buf, p, plen, now);
      case Ethernet.TYPE_IPV4 -> ipv4(seg, buf, p, plen, eth.source(), now);
      case Ethernet.TYPE_IPV6 -> ipv6(seg, buf, p, plen, eth.source(), now);
      default -> stats.drop(DropCause.UNSUPPORTED);
    }
  }

  private void ipv4(Segment seg, byte[] buf, int p, int plen, long srcMac, long now) {
    if (Ipv4.check(buf, p, plen) != PacketStatus.OK) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    int length = Ipv4.totalLength(buf, p);
    if (length > MAX_IP) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    if (Ipv4.destination(buf, p) == seg.gatewayIpv4) {
      // The hub itself answers, whatever on-link address of the segment asks.
      services.toGateway(seg, buf, p, length, srcMac, now);
      return;
    }
    if (!seg.ownsIpv4(Ipv4.source(buf, p))) {
      stats.drop(DropCause.SPOOFED_SOURCE);
      return;
    }
    if (state.neighbors.learnNextHop(seg.vni, srcMac, now)) {
      state.announce(seg.vni, 0, srcMac);
    }
    if (Ipv4.ttl(buf, p) <= 1) {
      services.timeExceeded(seg, buf, p, srcMac, now);
      stats.drop(DropCause.TTL_EXPIRED);
      return;
    }
    if (length > state.innerMtu() && Ipv4.dontFragment(buf, p)) {
      // Every tunnel of the pod has the same path MTU: tell the sender now, before any lookup.
      services.fragmentationNeeded(seg, buf, p, srcMac, state.innerMtu(), now);
      stats.drop(DropCause.TOO_BIG);
      return;
    }
    System.arraycopy(buf, p, ip, 0, length);
    if (extractor.extract(ip, 0, length, seg.vni, key) != PacketStatus.OK) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    forward(length, now);
  }

  private void ipv6(Segment seg, byte[] buf, int p, int plen, long srcMac, long now) {
    if (Ipv6.check(buf, p, plen) != PacketStatus.OK) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    int length = Ipv6.HEADER_LENGTH + Ipv6.payloadLength(buf, p);
    if (length > MAX_IP) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    if (!seg.ownsIpv6(Ipv6.sourceHigh(buf, p), Ipv6.sourceLow(buf, p))) {
      stats.drop(DropCause.SPOOFED_SOURCE);
      return;
    }
    if (state.neighbors.learnNextHop(seg.vni, srcMac, now)) {
      state.announce(seg.vni, 0, srcMac);
    }
    if (Ipv6.hopLimit(buf, p) <= 1) {
      stats.drop(DropCause.TTL_EXPIRED);
      return;
    }
    System.arraycopy(buf, p, ip, 0, length);
    if (extractor.extract(ip, 0, length, seg.vni, key) != PacketStatus.OK) {
      stats.drop(DropCause.MALFORMED);
      return;
    }
    forward(length, now);
  }

  /** Makes this worker one of several, each owning the flows whose hash maps to it. */
  public void setHandoff(Handoff handoff) {
    this.handoff = handoff;
  }

  private void forward(int length, long now) {
    if (handoff != null && !handoff.owns(key.hash64())) {
      stats.handoffs++;
      handoff.pass(key, ip, length);
      return;
    }
    lookup(key, ip, length, now);
  }

  /** Forwards a packet another worker passed here because this worker owns its flow. */
  public void onHandedOff(FlowKey flow, byte[] packet, int length, long now) {
    lookup(flow, packet, length, now);
  }

  private void lookup(FlowKey flow, byte[] packet, int length, long now) {
    CachedAction action = cache.get(flow, now);
    if (action != null && action.generation() >= state.requiredGeneration()) {
      stats.cacheHits++;
      if (now >= action.expiresAtNanos()) {
        // Still current, only old: keep forwarding with it while one query renews it, so a busy
        // flow never queues (or drops) packets when its action's lifetime ends.
        slow.refresh(flow, now);
      }
      execute(action, packet, length, flow.vni(), flow.hash64(), now);
      return;
    }
    stats.cacheMisses++;
    slow.miss(flow, packet, length, now);
  }

  /**
   * Runs {@code action} on the IP packet {@code packet[0, length)} that came in on attachment
   * {@code ingressVni} and sends the result, if the program sends it where that attachment's
   * routing domain reaches.
   */
  void execute(
      CachedAction action, byte[] packet, int length, int ingressVni, long flowHash, long now) {
    if (action.program() == null) {
      stats.drop(action.dropCause());
      return;
    }
    egress.clear();
    int result = interpreter.run(action.program(), packet, length, egress);
    if (result != ActionInterpreter.EMIT) {
      stats.drop(DropCause.ofReasonCode(result));
      return;
    }
    Segments segments = state.segments();
    Segment to = segments.get(egress.vni());
    if (to == null) {
      stats.drop(DropCause.NO_ROUTE);
      return;
    }
    Segment from = segments.get(ingressVni);
    if (from == null || !from.mayEgressTo(to.vni)) {
      stats.drop(DropCause.EGRESS_REFUSED);
      return;
    }
    long nextHop = programNextHop();
    if (nextHop == NeighborTable.UNKNOWN) {
      nextHop = resolve(to, packet);
    }
    if (nextHop == NeighborTable.UNKNOWN) {
      neighborWait.hold(to, packet, length, flowHash, now);
      return;
    }
    send(to, nextHop, packet, length, flowHash);
  }

  /** Sends an IP packet on segment {@code to}, framed for {@code nextHop}. */
  void send(Segment to, long nextHop, byte[] packet, int length, long flowHash) {
    int etherType = (packet[0] & 0xf0) == 0x60 ? Ethernet.TYPE_IPV6 : Ethernet.TYPE_IPV4;
    Vxlan.writeHeader(header, 0, to.vni);
    Ethernet.writeHeader(header, Vxlan.HEADER_LENGTH, nextHop, to.gatewayMac, etherType);
    // The segment of the current generation is authoritative for where its tunnel ends.
    out.sendTunnel(header, HEADER, packet, length, to.remote, flowHash);
    stats.packetsForwarded++;
    stats.bytesForwarded += length;
  }

  private long programNextHop() {
    egress.copyNextHopMac(mac, 0);
    long m = 0;
    for (int i = 0; i < 6; i++) {
      m = (m << 8) | (mac[i] & 0xff);
    }
    return m;
  }

  /** The learned MAC for the packet's destination on {@code to}, or its next hop's. */
  long resolve(Segment to, byte[] packet) {
    if ((packet[0] & 0xf0) == 0x40) {
      return state.neighbors.resolve(to.vni, Ipv4.destination(packet, 0));
    }
    return state.neighbors.nextHop(to.vni);
  }

  /** Handles a pod-to-pod message received on this worker's control socket. */
  public void onControl(byte[] buf, int off, int len, InetSocketAddress from, long now) {
    slow.onControl(buf, off, len, from, now);
  }

  /** Periodic work: query timeouts and retries, neighbour waits, idle cache entries. */
  public void tick(long now) {
    slow.tick(now);
    neighborWait.tick(now);
    state.dns.tick(this, now);
    cache.evictIdle(now, 120_000_000_000L, 1024);
  }

  /** This worker's counters. */
  public WorkerStats stats() {
    return stats;
  }
}
