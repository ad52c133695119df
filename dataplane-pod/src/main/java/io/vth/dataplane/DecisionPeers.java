package io.vth.dataplane;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision pods a dataplane pod may ask, with what it measured of each: round-trip time of
 * health probes and when each last answered. Workers read it to pick the most responsive pod; the
 * prober and the resolver update it.
 */
public final class DecisionPeers {

  /** A pod is considered alive while its last answer is younger than this. */
  static final long ALIVE_NANOS = 2_000_000_000L;

  /** One decision pod. */
  public static final class Peer {
    final InetSocketAddress address;
    volatile long rttNanos = Long.MAX_VALUE;
    volatile long lastAnswerNanos = Long.MIN_VALUE;
    volatile long generation = -1;

    Peer(InetSocketAddress address) {
      this.address = address;
    }

    /** The pod's query address. */
    public InetSocketAddress address() {
      return address;
    }

    boolean aliveAt(long now) {
      return lastAnswerNanos != Long.MIN_VALUE && now - lastAnswerNanos < ALIVE_NANOS;
    }

    void answered(long now, long rtt, long gen) {
      long previous = rttNanos;
      rttNanos = previous == Long.MAX_VALUE ? rtt : (previous * 7 + rtt) / 8;
      lastAnswerNanos = now;
      generation = gen;
    }

    @Override
    public String toString() {
      return address.getHostString() + ":" + address.getPort();
    }
  }

  private volatile List<Peer> peers = List.of();
  private int rotation;

  /** Replaces the set of pods, keeping what was measured of those that stay. */
  public synchronized void setAddresses(List<InetSocketAddress> addresses) {
    List<Peer> next = new ArrayList<>();
    for (InetSocketAddress a : addresses) {
      Peer kept = null;
      for (Peer p : peers) {
        if (p.address.equals(a)) {
          kept = p;
        }
      }
      next.add(kept != null ? kept : new Peer(a));
    }
    peers = List.copyOf(next);
  }

  /** The pods known now. */
  public List<Peer> all() {
    return peers;
  }

  /**
   * The pod to ask: the alive one with the lowest round-trip time that is not {@code exclude}; when
   * none is known alive (at start, or all silent), the pods in turn, so asking still works.
   */
  public Peer choose(long now, Peer exclude) {
    List<Peer> list = peers;
    Peer best = null;
    for (Peer p : list) {
      if (p != exclude && p.aliveAt(now) && (best == null || p.rttNanos < best.rttNanos)) {
        best = p;
      }
    }
    if (best != null || list.isEmpty()) {
      return best;
    }
    for (int i = 0; i < list.size(); i++) {
      Peer p = list.get(Math.floorMod(rotation++, list.size()));
      if (p != exclude || list.size() == 1) {
        return p;
      }
    }
    return null;
  }

  /** Whether {@code address} is one of the decision pods now known. */
  public boolean isKnown(InetSocketAddress address) {
    for (Peer p : peers) {
      if (p.address.equals(address)) {
        return true;
      }
    }
    return false;
  }

  /** Records a health reply from {@code address}. */
  public void answered(InetSocketAddress address, long now, long rttNanos, long generation) {
    for (Peer p : peers) {
      if (p.address.equals(address)) {
        p.answered(now, rttNanos, generation);
      }
    }
  }

  /** Pods that answered a probe recently. */
  public int aliveCount(long now) {
    int n = 0;
    for (Peer p : peers) {
      if (p.aliveAt(now)) {
        n++;
      }
    }
    return n;
  }
}
