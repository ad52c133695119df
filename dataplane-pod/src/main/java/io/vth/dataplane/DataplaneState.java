package io.vth.dataplane;

import io.vth.core.config.DecisionConfig;
import io.vth.pod.PodIdentity;

/**
 * What every worker of a dataplane pod shares: the segments of the current generation, the
 * generation cached actions must have, the learned neighbours and the decision pods to ask.
 */
public final class DataplaneState {

  final PodIdentity identity;

  /** Bytes a VXLAN tunnel adds to an inner IPv4 packet: outer IPv4, UDP, VXLAN, Ethernet. */
  static final int TUNNEL_OVERHEAD = 50;

  /** The MTU of the pod's path to the networks' tunnel endpoints, unless told otherwise. */
  static final int DEFAULT_TUNNEL_MTU = 1500;

  /** Neighbour entries per attachment at most. */
  static final int NEIGHBORS_PER_ATTACHMENT = 4096;

  /** How long a neighbour entry is kept after it was last heard from. */
  static final long NEIGHBOR_MAX_AGE_NANOS = 30L * 60 * 1_000_000_000L;

  final NeighborTable neighbors =
      new NeighborTable(65_536, NEIGHBORS_PER_ATTACHMENT, NEIGHBOR_MAX_AGE_NANOS);
  final DecisionPeers peers = new DecisionPeers();
  final DnsService dns = new DnsService(this);
  private volatile Segments segments = Segments.empty();
  private volatile long requiredGeneration = -1;
  private volatile NeighborSharing sharing;
  private volatile int innerMtu = DEFAULT_TUNNEL_MTU - TUNNEL_OVERHEAD;

  /** The state of pod {@code identity}, with no config yet. */
  public DataplaneState(PodIdentity identity) {
    this.identity = identity;
  }

  /** Takes a new config: its segments, and its generation as the one actions must have. */
  public void accept(DecisionConfig config) {
    Segments previous = segments;
    segments = Segments.of(config);
    dns.accept(config);
    for (Segment s : previous.all()) {
      Segment now = segments.get(s.vni);
      if (now == null || now.remoteIpv4 != s.remoteIpv4) {
        neighbors.forget(s.vni);
      }
    }
    require(config.generation());
  }

  /** Raises the generation cached actions must have (from a config or a decision pod's notice). */
  public synchronized void require(long generation) {
    if (generation > requiredGeneration) {
      requiredGeneration = generation;
    }
  }

  /**
   * The highest generation a decision pod may claim: one above the config this pod has read (a
   * decision pod may read a new config a little earlier). Notices and replies claiming more are
   * clamped to it, so no message can make actions look current through later config changes.
   */
  public long highestClaimableGeneration() {
    return Math.max(segments.generation(), requiredGeneration) + 1;
  }

  /**
   * Sets the MTU of the pod's path to the tunnel endpoints; inner packets up to {@code tunnelMtu}
   * minus {@value #TUNNEL_OVERHEAD} fit.
   *
   * @throws IllegalArgumentException when below 626 (an inner 576) or above 65535
   */
  public void setTunnelMtu(int tunnelMtu) {
    if (tunnelMtu < 576 + TUNNEL_OVERHEAD || tunnelMtu > 65_535) {
      throw new IllegalArgumentException(
          "--tunnel-mtu " + tunnelMtu + " is outside " + (576 + TUNNEL_OVERHEAD) + "..65535");
    }
    innerMtu = tunnelMtu - TUNNEL_OVERHEAD;
  }

  /** The largest inner packet a tunnel carries without fragmenting. */
  public int innerMtu() {
    return innerMtu;
  }

  /** The current segments. */
  public Segments segments() {
    return segments;
  }

  /** Actions decided under an older generation are not used. */
  public long requiredGeneration() {
    return requiredGeneration;
  }

  /** Shares what the workers learn with the cell's other dataplane pods through {@code s}. */
  void shareNeighborsWith(NeighborSharing s) {
    sharing = s;
  }

  /** Tells the other dataplane pods a neighbour entry ({@code ipv4} 0: the next hop). */
  void announce(int vni, int ipv4, long mac) {
    NeighborSharing s = sharing;
    if (s != null) {
      s.announce(vni, ipv4, mac);
    }
  }

  /** The learned MAC addresses. */
  public NeighborTable neighbors() {
    return neighbors;
  }

  /** The hub's DNS resolver on the gateways. */
  public DnsService dns() {
    return dns;
  }

  /** The decision pods. */
  public DecisionPeers peers() {
    return peers;
  }

  /** Who this pod is. */
  public PodIdentity identity() {
    return identity;
  }
}
