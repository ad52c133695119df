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
 * Collects routes (last value wins per prefix) and builds a {@link RankedTrie}: routes up to /16
 * fill the root, longer ones are built one root entry at a time in a {@link ChunkArena}, so the
 * scratch memory is bounded by the largest /16 subtree rather than the whole table.
 */
final class StrideTrieBuilder {

  private final IpFamily family;
  private final Map<Cidr, Integer> routes = new LinkedHashMap<>();

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

  RankedTrie build() {
    List<Map.Entry<Cidr, Integer>> sorted = new ArrayList<>(routes.entrySet());
    sorted.sort(
        Comparator.comparingInt((Map.Entry<Cidr, Integer> e) -> rootIndex(e.getKey()))
            .thenComparingInt(e -> e.getKey().prefixLength()));
    int[] root = new int[1 << RankedTrie.ROOT_BITS];
    Arrays.fill(root, LpmTable.NO_MATCH);
    sorted.stream()
        .filter(e -> e.getKey().prefixLength() <= RankedTrie.ROOT_BITS)
        .sorted(Comparator.comparingInt(e -> e.getKey().prefixLength()))
        .forEach(e -> fillRoot(root, e.getKey(), e.getValue()));
    RankedTrieWriter writer = new RankedTrieWriter();
    ChunkArena arena = new ChunkArena();
    int i = 0;
    while (i < sorted.size()) {
      int index = rootIndex(sorted.get(i).getKey());
      int end = i;
      while (end < sorted.size() && rootIndex(sorted.get(end).getKey()) == index) {
        end++;
      }
      List<Map.Entry<Cidr, Integer>> group = sorted.subList(i, end);
      if (group.get(group.size() - 1).getKey().prefixLength() > RankedTrie.ROOT_BITS) {
        root[index] = buildSubtree(arena, writer, root[index], group);
      }
      i = end;
    }
    return writer.finish(root);
  }

  private int buildSubtree(
      ChunkArena arena,
      RankedTrieWriter writer,
      int inherited,
      List<Map.Entry<Cidr, Integer>> group) {
    arena.reset(inherited);
    for (Map.Entry<Cidr, Integer> route : group) {
      Cidr prefix = route.getKey();
      if (prefix.prefixLength() > RankedTrie.ROOT_BITS) {
        arena.insert(alignedHi(prefix), alignedLo(prefix), prefix.prefixLength(), route.getValue());
      }
    }
    return arena.writeTo(writer);
  }

  private static void fillRoot(int[] root, Cidr prefix, int value) {
    int first = rootIndex(prefix);
    Arrays.fill(root, first, first + (1 << (RankedTrie.ROOT_BITS - prefix.prefixLength())), value);
  }

  private static int rootIndex(Cidr prefix) {
    return (int) (alignedHi(prefix) >>> (64 - RankedTrie.ROOT_BITS));
  }

  /** High 64 bits of the prefix with the address left-aligned in 128 bits (IPv4 at the top). */
  private static long alignedHi(Cidr prefix) {
    return prefix.family() == IpFamily.IPV4 ? prefix.network().lo() << 32 : prefix.network().hi();
  }

  private static long alignedLo(Cidr prefix) {
    return prefix.family() == IpFamily.IPV4 ? 0 : prefix.network().lo();
  }
}
