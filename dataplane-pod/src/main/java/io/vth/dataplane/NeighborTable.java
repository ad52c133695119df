package io.vth.dataplane;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The MAC addresses the hub has learned on its attachments' segments: per attachment (VNI), IPv4
 * address to MAC, plus the MAC of the network's next hop (the sender of the latest frame).
 *
 * <p>Workers read it on every forwarded packet and learn into it rarely (ARP, a new next hop), so
 * reads are lock-free on an immutable snapshot of primitive arrays, and writes copy the snapshot
 * under a lock. A lookup never allocates.
 *
 * <p>One network must not crowd out the others: an attachment holds at most {@code
 * maxPerAttachment} entries (further ones are refused, counted as {@code attachment_full}); an
 * entry whose MAC changed less than {@link #FLAP_NANOS} ago keeps its MAC (a network alternating
 * MACs would otherwise make every packet copy the table; counted as {@code flapping}); entries not
 * heard from for {@code maxAgeNanos} are removed by {@link #expire}.
 */
public final class NeighborTable {

  /** Returned by lookups that find nothing; no real MAC is zero. */
  public static final long UNKNOWN = 0;

  /** An entry's MAC changes at most once per this interval. */
  static final long FLAP_NANOS = 1_000_000_000L;

  /** How often an unchanged entry's last-heard time is written (fewer shared writes). */
  private static final long TOUCH_NANOS = 1_000_000_000L;

  private static final int NEXT_HOP = 0;

  /** Why an entry was not taken. */
  public enum Refusal {
    /** The attachment holds its maximum of entries. */
    ATTACHMENT_FULL("attachment_full"),
    /** The table holds its maximum of entries. */
    TABLE_FULL("table_full"),
    /** The entry's MAC changed less than a second ago. */
    FLAPPING("flapping");

    private final String label;

    Refusal(String label) {
      this.label = label;
    }

    /** The metric label. */
    public String label() {
      return label;
    }
  }

  // heard[] is written in place (a racy but harmless last-heard time); the rest is immutable.
  private record Snapshot(long[] keys, long[] macs, long[] heard, long[] changed, int size) {}

  private final int maxEntries;
  private final int maxPerAttachment;
  private final long maxAgeNanos;
  private final LongSupplier clock;
  private final Map<Integer, Integer> perAttachment = new HashMap<>();
  private final LongAdder[] refused = new LongAdder[Refusal.values().length];
  private final LongAdder expired = new LongAdder();
  private volatile Snapshot snapshot;

  /**
   * A table of at most {@code maxEntries} entries, {@code maxPerAttachment} per attachment, each
   * kept for {@code maxAgeNanos} after it was last heard.
   */
  public NeighborTable(int maxEntries, int maxPerAttachment, long maxAgeNanos) {
    this(maxEntries, maxPerAttachment, maxAgeNanos, System::nanoTime);
  }

  /** A table with its own clock (for tests). */
  NeighborTable(int maxEntries, int maxPerAttachment, long maxAgeNanos, LongSupplier clock) {
    this.maxEntries = maxEntries;
    this.maxPerAttachment = maxPerAttachment;
    this.maxAgeNanos = maxAgeNanos;
    this.clock = clock;
    this.snapshot = empty(16);
    for (int i = 0; i < refused.length; i++) {
      refused[i] = new LongAdder();
    }
  }

  private static Snapshot empty(int capacity) {
    return new Snapshot(
        new long[capacity], new long[capacity], new long[capacity], new long[capacity], 0);
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
    return ipv4 != NEXT_HOP && mac != UNKNOWN && learnKey(key(vni, ipv4), mac, clock.getAsLong());
  }

  /** Learns the MAC of attachment {@code vni}'s next hop; true when that is news. */
  public boolean learnNextHop(int vni, long mac) {
    return learnNextHop(vni, mac, clock.getAsLong());
  }

  /**
   * Learns the MAC of attachment {@code vni}'s next hop at {@code now} (the table's clock: {@link
   * System#nanoTime} unless a test gave another); for the packet path, which has the time already.
   */
  public boolean learnNextHop(int vni, long mac, long now) {
    return mac != UNKNOWN && learnKey(key(vni, NEXT_HOP), mac, now);
  }

  private boolean learnKey(long key, long mac, long now) {
    Snapshot s = snapshot;
    int i = index(s, key);
    if (i >= 0) {
      if (s.macs[i] == mac) {
        if (now - s.heard[i] > TOUCH_NANOS) {
          s.heard[i] = now;
        }
        return false;
      }
      if (now - s.changed[i] < FLAP_NANOS) {
        refused[Refusal.FLAPPING.ordinal()].increment();
        return false;
      }
    }
    return put(key, mac, now);
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
    rebuild(k -> (int) (k >>> 32) != vni, Long.MAX_VALUE, 0);
  }

  /** Removes the entries not heard from for longer than the maximum age; returns how many. */
  public synchronized int expire() {
    long now = clock.getAsLong();
    int before = snapshot.size;
    rebuild(k -> true, now, maxAgeNanos);
    int removed = before - snapshot.size;
    expired.add(removed);
    return removed;
  }

  private interface KeyFilter {
    boolean keep(long key);
  }

  /** Copies the entries {@code keep} accepts and heard within {@code maxAge} of {@code now}. */
  private void rebuild(KeyFilter keep, long now, long maxAge) {
    Snapshot s = snapshot;
    Snapshot fresh = empty(s.keys.length);
    int size = 0;
    perAttachment.clear();
    for (int i = 0; i < s.keys.length; i++) {
      long k = s.keys[i];
      if (k != 0 && keep.keep(k) && (maxAge == 0 || now - s.heard[i] <= maxAge)) {
        insert(fresh, k, s.macs[i], s.heard[i], s.changed[i]);
        perAttachment.merge((int) (k >>> 32), 1, Integer::sum);
        size++;
      }
    }
    snapshot = new Snapshot(fresh.keys, fresh.macs, fresh.heard, fresh.changed, size);
  }

  /** Entries held now. */
  public int size() {
    return snapshot.size;
  }

  /** Entries held now for attachment {@code vni}. */
  public synchronized int size(int vni) {
    return perAttachment.getOrDefault(vni, 0);
  }

  /** Entries refused for {@code reason} so far. */
  public long refused(Refusal reason) {
    return refused[reason.ordinal()].sum();
  }

  /** Entries removed for age so far. */
  public long expired() {
    return expired.sum();
  }

  private synchronized boolean put(long key, long mac, long now) {
    Snapshot s = snapshot;
    int at = index(s, key);
    if (at >= 0 && s.macs[at] == mac) {
      return false;
    }
    boolean present = at >= 0;
    int vni = (int) (key >>> 32);
    if (!present) {
      if (perAttachment.getOrDefault(vni, 0) >= maxPerAttachment) {
        refused[Refusal.ATTACHMENT_FULL.ordinal()].increment();
        return false;
      }
      if (s.size >= maxEntries) {
        refused[Refusal.TABLE_FULL.ordinal()].increment();
        return false;
      }
    }
    int capacity = s.keys.length;
    if (!present && (s.size + 1) * 2 > capacity) {
      capacity *= 2;
    }
    Snapshot fresh = empty(capacity);
    for (int i = 0; i < s.keys.length; i++) {
      if (s.keys[i] != 0 && s.keys[i] != key) {
        insert(fresh, s.keys[i], s.macs[i], s.heard[i], s.changed[i]);
      }
    }
    insert(fresh, key, mac, now, now);
    if (!present) {
      perAttachment.merge(vni, 1, Integer::sum);
    }
    snapshot =
        new Snapshot(
            fresh.keys, fresh.macs, fresh.heard, fresh.changed, present ? s.size : s.size + 1);
    return true;
  }

  private static long key(int vni, int ipv4) {
    // VNIs start at 1, so no key is 0 and 0 can mark an empty slot.
    return ((long) vni << 32) | (ipv4 & 0xffffffffL);
  }

  private static void insert(Snapshot s, long key, long mac, long heard, long changed) {
    int mask = s.keys.length - 1;
    int i = slot(key, mask);
    while (s.keys[i] != 0) {
      i = (i + 1) & mask;
    }
    s.keys[i] = key;
    s.macs[i] = mac;
    s.heard[i] = heard;
    s.changed[i] = changed;
  }

  private static int index(Snapshot s, long key) {
    long[] keys = s.keys;
    int mask = keys.length - 1;
    int i = slot(key, mask);
    long k;
    while ((k = keys[i]) != 0) {
      if (k == key) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  private static long find(Snapshot s, long key) {
    int i = index(s, key);
    return i < 0 ? UNKNOWN : s.macs[i];
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9e3779b97f4a7c15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
