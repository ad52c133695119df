package io.vth.core.lpm;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the arrays of a leaf-pushed multibit trie: a root table indexed by the first 16 bits and
 * 256-entry chunks for every further 8 bits.
 *
 * <p>An entry is a route value ({@code >= 0}), {@link LpmTable#NO_MATCH}, or a pointer {@code -2 -
 * chunk} to the chunk at {@code chunks[chunk * 256]}. Routes are inserted shortest first, so a
 * route only ever overwrites leaves left by shorter ones, and descending through a leaf pushes it
 * down into the new chunk: afterwards every entry already holds its longest match.
 */
final class StrideTrieBuilder {

  static final int ROOT_BITS = 16;
  static final int CHUNK_BITS = 8;
  private static final int CHUNK_SIZE = 1 << CHUNK_BITS;
  private static final int MAX_CHUNKS = (1 << (31 - CHUNK_BITS)) - 1;

  private final IpFamily family;
  private final Map<Cidr, Integer> routes = new LinkedHashMap<>();
  private int[] root;
  private int[] chunks;
  private int chunkCount;

  StrideTrieBuilder(IpFamily family) {
    this.family = family;
  }

  /** Adds or replaces (last wins) the route for {@code prefix}. */
  void add(Cidr prefix, int value) {
    if (prefix.family() != family) {
      throw new IllegalArgumentException(
          "cannot add " + prefix.family() + " prefix " + prefix + " to an " + family + " table");
    }
    if (value < 0) {
      throw new IllegalArgumentException(
          "route value for "
              + prefix
              + " must be from 0 to "
              + LpmTable.MAX_VALUE
              + ", got "
              + value);
    }
    routes.put(prefix, value);
  }

  int routeCount() {
    return routes.size();
  }

  /** Builds the trie; afterwards {@link #root()} and {@link #chunks()} hold the result. */
  void build() {
    root = new int[1 << ROOT_BITS];
    Arrays.fill(root, LpmTable.NO_MATCH);
    chunks = new int[CHUNK_SIZE * 16];
    chunkCount = 0;
    List<Map.Entry<Cidr, Integer>> sorted = new ArrayList<>(routes.entrySet());
    sorted.sort(Comparator.comparingInt(e -> e.getKey().prefixLength()));
    for (Map.Entry<Cidr, Integer> route : sorted) {
      insert(route.getKey(), route.getValue());
    }
    chunks = Arrays.copyOf(chunks, chunkCount * CHUNK_SIZE);
  }

  int[] root() {
    return root;
  }

  int[] chunks() {
    return chunks;
  }

  private void insert(Cidr prefix, int value) {
    long hi = prefix.network().hi();
    long lo = prefix.network().lo();
    if (family == IpFamily.IPV4) {
      hi = lo << 32;
      lo = 0;
    }
    int length = prefix.prefixLength();
    boolean atRoot = true;
    int index = stride(hi, lo, 0, ROOT_BITS);
    int end = ROOT_BITS;
    while (length > end) {
      int[] table = atRoot ? root : chunks;
      int entry = table[index];
      if (entry >= LpmTable.NO_MATCH) {
        int chunk = newChunk(entry);
        (atRoot ? root : chunks)[index] = -2 - chunk;
        entry = -2 - chunk;
      }
      atRoot = false;
      index = (-2 - entry) * CHUNK_SIZE + stride(hi, lo, end, CHUNK_BITS);
      end += CHUNK_BITS;
    }
    Arrays.fill(atRoot ? root : chunks, index, index + (1 << (end - length)), value);
  }

  /** The {@code width} bits starting at bit {@code start} of the left-aligned 128-bit key. */
  private static int stride(long hi, long lo, int start, int width) {
    long word = start < 64 ? hi : lo;
    return (int) (word >>> (64 - (start & 63) - width)) & ((1 << width) - 1);
  }

  private int newChunk(int fill) {
    if (chunkCount == MAX_CHUNKS) {
      throw new IllegalStateException(
          "too many routes: the trie exceeds " + MAX_CHUNKS + " chunks");
    }
    if ((chunkCount + 1) * CHUNK_SIZE > chunks.length) {
      chunks =
          Arrays.copyOf(chunks, (int) Math.min(chunks.length * 2L, (long) MAX_CHUNKS * CHUNK_SIZE));
    }
    Arrays.fill(chunks, chunkCount * CHUNK_SIZE, (chunkCount + 1) * CHUNK_SIZE, fill);
    return chunkCount++;
  }
}
