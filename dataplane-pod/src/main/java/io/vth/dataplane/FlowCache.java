package io.vth.dataplane;

import io.vth.core.flow.FlowKey;

/**
 * A worker's flow-indexed action cache: a linear-probing hash table on {@link FlowKey#hash64()},
 * bounded in size (the least recently used entry makes room) and swept for idle entries.
 *
 * <p>One network must not push the others' flows out: with a per-attachment share, an attachment
 * (the key's VNI) holding its share makes room among its own least recently used entries (looking
 * at most {@link #SCAN_LIMIT} entries up from the tail; when none of its own is there, the new
 * entry is not cached and counted in {@link #refusedInserts()}).
 *
 * <p>One worker owns a cache and is its only reader and writer, so nothing here locks. Entries live
 * in parallel arrays indexed by an entry number; the table maps slots to entry numbers, so the LRU
 * links stay put when deletion shifts slots. Lookups and hits never allocate; inserts reuse the key
 * objects of evicted entries once the cache has filled.
 *
 * @param <V> the cached value (an action with its generation)
 */
public final class FlowCache<V> {

  private static final int NONE = -1;

  /** How far up from the least recently used end an attachment's own oldest entry is looked for. */
  static final int SCAN_LIMIT = 64;

  private final int maxEntries;
  private final int mask;
  private final int[] slots;
  private final FlowKey[] keys;
  private final long[] hashes;
  private final Object[] values;
  private final long[] lastUsed;
  private final int[] prev;
  private final int[] next;
  private final int perAttachment;
  private final int[] vnis;
  // Entries per VNI: open addressing on VNI + 1 (0 marks a free slot); grows, never shrinks.
  private int[] countKeys = new int[64];
  private int[] countValues = new int[64];
  private int countSize;
  private long refusedInserts;
  private int head = NONE;
  private int tail = NONE;
  private int free;
  private int size;
  private long evictions;

  /** A cache of at most {@code maxEntries} flows, with no per-attachment share. */
  public FlowCache(int maxEntries) {
    this(maxEntries, maxEntries);
  }

  /**
   * A cache of at most {@code maxEntries} flows, of which one attachment (VNI) holds at most {@code
   * perAttachment}.
   */
  public FlowCache(int maxEntries, int perAttachment) {
    if (maxEntries < 1 || maxEntries > (1 << 28)) {
      throw new IllegalArgumentException("maxEntries " + maxEntries + " is outside 1..2^28");
    }
    if (perAttachment < 1 || perAttachment > maxEntries) {
      throw new IllegalArgumentException(
          "perAttachment " + perAttachment + " is outside 1.." + maxEntries);
    }
    this.maxEntries = maxEntries;
    this.perAttachment = perAttachment;
    this.vnis = new int[maxEntries];
    int capacity = Integer.highestOneBit(Math.max(2, maxEntries * 2 - 1)) << 1;
    this.mask = capacity - 1;
    this.slots = new int[capacity];
    this.keys = new FlowKey[maxEntries];
    this.hashes = new long[maxEntries];
    this.values = new Object[maxEntries];
    this.lastUsed = new long[maxEntries];
    this.prev = new int[maxEntries];
    this.next = new int[maxEntries];
    for (int e = 0; e < maxEntries; e++) {
      next[e] = e + 1 < maxEntries ? e + 1 : NONE;
    }
    this.free = 0;
  }

  /** The value cached for {@code key}, marking it used at {@code now}; null on a miss. */
  @SuppressWarnings("unchecked")
  public V get(FlowKey key, long now) {
    int e = find(key, key.hash64());
    if (e == NONE) {
      return null;
    }
    lastUsed[e] = now;
    moveToFront(e);
    return (V) values[e];
  }

  /** Caches {@code value} for {@code key} (copied), evicting the least recently used when full. */
  public void put(FlowKey key, V value, long now) {
    long h = key.hash64();
    int e = find(key, h);
    if (e == NONE) {
      int vni = key.vni();
      if (perAttachment < maxEntries && count(vni) >= perAttachment) {
        int own = oldestOf(vni);
        if (own == NONE) {
          refusedInserts++;
          return;
        }
        removeEntry(own);
        evictions++;
      }
      if (size == maxEntries) {
        removeEntry(tail);
        evictions++;
      }
      e = free;
      free = next[e];
      keys[e] = keys[e] == null ? key.copy() : keys[e].copyFrom(key);
      hashes[e] = h;
      vnis[e] = vni;
      addCount(vni, 1);
      int i = (int) h & mask;
      while (slots[i] != 0) {
        i = (i + 1) & mask;
      }
      slots[i] = e + 1;
      size++;
      linkFront(e);
    } else {
      moveToFront(e);
    }
    values[e] = value;
    lastUsed[e] = now;
  }

  /** Removes the entry of {@code key}; returns whether there was one. */
  public boolean remove(FlowKey key) {
    int e = find(key, key.hash64());
    if (e == NONE) {
      return false;
    }
    removeEntry(e);
    return true;
  }

  /**
   * Removes entries not used since {@code now - idleNanos}, oldest first, at most {@code limit} of
   * them (so a sweep has bounded cost); returns how many were removed.
   */
  public int evictIdle(long now, long idleNanos, int limit) {
    int removed = 0;
    while (tail != NONE && removed < limit && now - lastUsed[tail] > idleNanos) {
      removeEntry(tail);
      removed++;
    }
    return removed;
  }

  /** Removes every entry. */
  public void clear() {
    while (tail != NONE) {
      removeEntry(tail);
    }
  }

  /** Flows cached now. */
  public int size() {
    return size;
  }

  /** The most flows this cache holds. */
  public int maxEntries() {
    return maxEntries;
  }

  /**
   * New entries not cached since the cache was made: their attachment held its share and none of
   * its entries was near the least recently used end.
   */
  public long refusedInserts() {
    return refusedInserts;
  }

  /** Entries of attachment {@code vni} cached now. */
  public int size(int vni) {
    return count(vni);
  }

  /** Entries evicted to make room since the cache was made. */
  public long evictions() {
    return evictions;
  }

  private int find(FlowKey key, long h) {
    int i = (int) h & mask;
    int s;
    while ((s = slots[i]) != 0) {
      int e = s - 1;
      if (hashes[e] == h && keys[e].equals(key)) {
        return e;
      }
      i = (i + 1) & mask;
    }
    return NONE;
  }

  private void removeEntry(int e) {
    int i = (int) hashes[e] & mask;
    while (slots[i] != e + 1) {
      i = (i + 1) & mask;
    }
    // Backward-shift deletion keeps every remaining entry reachable from its home slot.
    slots[i] = 0;
    int j = i;
    while (true) {
      j = (j + 1) & mask;
      int s = slots[j];
      if (s == 0) {
        break;
      }
      int home = (int) hashes[s - 1] & mask;
      boolean movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
      if (movable) {
        slots[i] = s;
        slots[j] = 0;
        i = j;
      }
    }
    unlink(e);
    addCount(vnis[e], -1);
    values[e] = null;
    next[e] = free;
    free = e;
    size--;
  }

  private int oldestOf(int vni) {
    int e = tail;
    for (int i = 0; i < SCAN_LIMIT && e != NONE; i++) {
      if (vnis[e] == vni) {
        return e;
      }
      e = prev[e];
    }
    return NONE;
  }

  private int count(int vni) {
    int i = countSlot(vni);
    return countKeys[i] == 0 ? 0 : countValues[i];
  }

  private void addCount(int vni, int delta) {
    int i = countSlot(vni);
    if (countKeys[i] == 0) {
      countKeys[i] = vni + 1;
      countSize++;
      if (countSize * 2 > countKeys.length) {
        growCounts();
        i = countSlot(vni);
      }
    }
    countValues[i] += delta;
  }

  /** The slot of {@code vni}'s count, or the free slot where it belongs. */
  private int countSlot(int vni) {
    int m = countKeys.length - 1;
    int i = (vni * 0x9e3779b9) >>> 16 & m;
    while (countKeys[i] != 0 && countKeys[i] != vni + 1) {
      i = (i + 1) & m;
    }
    return i;
  }

  private void growCounts() {
    int[] oldKeys = countKeys;
    int[] oldValues = countValues;
    countKeys = new int[oldKeys.length * 2];
    countValues = new int[oldKeys.length * 2];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != 0) {
        int i = countSlot(oldKeys[j] - 1);
        countKeys[i] = oldKeys[j];
        countValues[i] = oldValues[j];
      }
    }
  }

  private void linkFront(int e) {
    prev[e] = NONE;
    next[e] = head;
    if (head != NONE) {
      prev[head] = e;
    }
    head = e;
    if (tail == NONE) {
      tail = e;
    }
  }

  private void unlink(int e) {
    int p = prev[e];
    int n = next[e];
    if (p != NONE) {
      next[p] = n;
    } else {
      head = n;
    }
    if (n != NONE) {
      prev[n] = p;
    } else {
      tail = p;
    }
  }

  private void moveToFront(int e) {
    if (head != e) {
      unlink(e);
      linkFront(e);
    }
  }
}
