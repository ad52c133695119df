package io.vth.dataplane;

/**
 * The MAC addresses the hub has learned on its attachments' segments: per attachment (VNI), IPv4
 * address to MAC, plus the MAC of the network's next hop (the sender of the latest frame).
 *
 * <p>Workers read it on every forwarded packet and learn into it rarely (ARP, a new next hop), so
 * reads are lock-free on an immutable snapshot of primitive arrays, and writes copy the snapshot
 * under a lock. A lookup never allocates.
 */
public final class NeighborTable {

  /** Returned by lookups that find nothing; no real MAC is zero. */
  public static final long UNKNOWN = 0;

  private static final int NEXT_HOP = 0;

  private record Snapshot(long[] keys, long[] macs, int size) {}

  private final int maxEntries;
  private volatile Snapshot snapshot;

  /**
   * A table of at most {@code maxEntries} entries; further ones replace nothing and are dropped.
   */
  public NeighborTable(int maxEntries) {
    this.maxEntries = maxEntries;
    this.snapshot = new Snapshot(new long[16], new long[16], 0);
  }

  /** The MAC of {@code ipv4} on attachment {@code vni}, or {@link #UNKNOWN}. */
  public long lookup(int vni, int ipv4) {
    return find(snapshot, key(vni, ipv4));
  }

  /** The MAC of the next hop of attachment {@code vni}, or {@link #UNKNOWN}. */
  public long nextHop(int vni) {
    return find(snapshot, key(vni, NEXT_HOP));
  }

  /** The MAC to send to for {@code ipv4} on {@code vni}: its own if known, else the next hop's. */
  public long resolve(int vni, int ipv4) {
    Snapshot s = snapshot;
    long mac = find(s, key(vni, ipv4));
    return mac != UNKNOWN ? mac : find(s, key(vni, NEXT_HOP));
  }

  /**
   * Learns that {@code ipv4} has {@code mac} on attachment {@code vni}; true when that is news (the
   * table changed).
   */
  public boolean learn(int vni, int ipv4, long mac) {
    return ipv4 != NEXT_HOP
        && mac != UNKNOWN
        && lookup(vni, ipv4) != mac
        && put(key(vni, ipv4), mac);
  }

  /** Learns the MAC of attachment {@code vni}'s next hop; true when that is news. */
  public boolean learnNextHop(int vni, long mac) {
    return mac != UNKNOWN && nextHop(vni) != mac && put(key(vni, NEXT_HOP), mac);
  }

  /** Receives the entries of a table, one at a time. */
  public interface EntryVisitor {
    /** One entry: {@code ipv4} is 0 for the next hop of {@code vni}. */
    void visit(int vni, int ipv4, long mac);
  }

  /** Visits every entry of the table as it is now. */
  public void forEach(EntryVisitor visitor) {
    Snapshot s = snapshot;
    for (int i = 0; i < s.keys.length; i++) {
      long k = s.keys[i];
      if (k != 0) {
        visitor.visit((int) (k >>> 32), (int) k, s.macs[i]);
      }
    }
  }

  /** Forgets everything learned on {@code vni} (the attachment went away or changed). */
  public synchronized void forget(int vni) {
    Snapshot s = snapshot;
    Snapshot fresh = new Snapshot(new long[s.keys.length], new long[s.keys.length], 0);
    int size = 0;
    for (int i = 0; i < s.keys.length; i++) {
      if (s.keys[i] != 0 && (int) (s.keys[i] >>> 32) != vni) {
        insert(fresh.keys, fresh.macs, s.keys[i], s.macs[i]);
        size++;
      }
    }
    snapshot = new Snapshot(fresh.keys, fresh.macs, size);
  }

  /** Entries held now. */
  public int size() {
    return snapshot.size;
  }

  private synchronized boolean put(long key, long mac) {
    Snapshot s = snapshot;
    long old = find(s, key);
    if (old == mac) {
      return false;
    }
    boolean present = old != UNKNOWN;
    if (!present && s.size >= maxEntries) {
      return false;
    }
    int capacity = s.keys.length;
    if (!present && (s.size + 1) * 2 > capacity) {
      capacity *= 2;
    }
    long[] keys = new long[capacity];
    long[] macs = new long[capacity];
    for (int i = 0; i < s.keys.length; i++) {
      if (s.keys[i] != 0 && s.keys[i] != key) {
        insert(keys, macs, s.keys[i], s.macs[i]);
      }
    }
    insert(keys, macs, key, mac);
    snapshot = new Snapshot(keys, macs, present ? s.size : s.size + 1);
    return true;
  }

  private static long key(int vni, int ipv4) {
    // VNIs start at 1, so no key is 0 and 0 can mark an empty slot.
    return ((long) vni << 32) | (ipv4 & 0xffffffffL);
  }

  private static void insert(long[] keys, long[] macs, long key, long mac) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != 0) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    macs[i] = mac;
  }

  private static long find(Snapshot s, long key) {
    long[] keys = s.keys;
    int mask = keys.length - 1;
    int i = slot(key, mask);
    long k;
    while ((k = keys[i]) != 0) {
      if (k == key) {
        return s.macs[i];
      }
      i = (i + 1) & mask;
    }
    return UNKNOWN;
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9e3779b97f4a7c15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
