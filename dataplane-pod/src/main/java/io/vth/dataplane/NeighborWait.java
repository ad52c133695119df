package io.vth.dataplane;

import io.vth.core.packet.Ipv4;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Packets already processed by their action that wait for the MAC of their next hop: the worker
 * asks with ARP (again every {@link #RETRY_NANOS}), sends them when the answer is learned (by any
 * worker), and drops them as {@code neighbor_unresolved} after {@link #GIVE_UP_NANOS}. Bounded per
 * destination and per worker. Slow path: it may allocate.
 */
final class NeighborWait {

  static final long RETRY_NANOS = 200_000_000L;
  static final long GIVE_UP_NANOS = 3_000_000_000L;
  static final int PER_DESTINATION = 16;
  static final int PER_WORKER = 1024;

  private record Held(byte[] packet, long flowHash) {}

  private static final class Waiting {
    final int vni;
    final int ipv4;
    final long since;
    long askedAt;
    final ArrayDeque<Held> packets = new ArrayDeque<>();

    Waiting(int vni, int ipv4, long now) {
      this.vni = vni;
      this.ipv4 = ipv4;
      this.since = now;
    }
  }

  private final PacketWorker worker;
  private final Map<Long, Waiting> waiting = new HashMap<>();
  private int held;

  NeighborWait(PacketWorker worker) {
    this.worker = worker;
  }

  void hold(Segment to, byte[] packet, int length, long flowHash, long now) {
    int target = (packet[0] & 0xf0) == 0x40 ? Ipv4.destination(packet, 0) : 0;
    long k = ((long) to.vni << 32) | (target & 0xffffffffL);
    Waiting w = waiting.get(k);
    if (w == null) {
      w = new Waiting(to.vni, target, now);
      waiting.put(k, w);
      ask(to, w, now);
    }
    if (w.packets.size() >= PER_DESTINATION || held >= PER_WORKER) {
      worker.stats.drop(DropCause.QUEUE_FULL);
      return;
    }
    byte[] copy = new byte[length];
    System.arraycopy(packet, 0, copy, 0, length);
    w.packets.add(new Held(copy, flowHash));
    held++;
  }

  /** Sends what waits for {@code ipv4} on {@code vni}, now that its MAC is known. */
  void release(int vni, int ipv4, long now) {
    Waiting w = waiting.get(((long) vni << 32) | (ipv4 & 0xffffffffL));
    if (w != null) {
      flush(w);
    }
  }

  void tick(long now) {
    if (waiting.isEmpty()) {
      return;
    }
    Iterator<Waiting> it = waiting.values().iterator();
    while (it.hasNext()) {
      Waiting w = it.next();
      Segment to = worker.state.segments().get(w.vni);
      long mac = to == null ? NeighborTable.UNKNOWN : resolved(to, w);
      if (mac != NeighborTable.UNKNOWN) {
        send(to, mac, w);
        it.remove();
      } else if (to == null || now - w.since > GIVE_UP_NANOS) {
        for (int i = 0; i < w.packets.size(); i++) {
          worker.stats.drop(DropCause.NEIGHBOR_UNRESOLVED);
        }
        held -= w.packets.size();
        it.remove();
      } else if (now - w.askedAt > RETRY_NANOS) {
        ask(to, w, now);
      }
    }
  }

  private void flush(Waiting w) {
    Segment to = worker.state.segments().get(w.vni);
    long mac = to == null ? NeighborTable.UNKNOWN : resolved(to, w);
    if (mac != NeighborTable.UNKNOWN) {
      send(to, mac, w);
      waiting.remove(((long) w.vni << 32) | (w.ipv4 & 0xffffffffL));
    }
  }

  private long resolved(Segment to, Waiting w) {
    return w.ipv4 != 0
        ? worker.state.neighbors.resolve(to.vni, w.ipv4)
        : worker.state.neighbors.nextHop(to.vni);
  }

  private void send(Segment to, long mac, Waiting w) {
    for (Held h : w.packets) {
      worker.send(to, mac, h.packet(), h.packet().length, h.flowHash());
    }
    held -= w.packets.size();
    w.packets.clear();
  }

  private void ask(Segment to, Waiting w, long now) {
    w.askedAt = now;
    if (w.ipv4 != 0) {
      worker.services.requestArp(to, w.ipv4);
    }
  }

  /** Packets waiting now. */
  int held() {
    return held;
  }
}
