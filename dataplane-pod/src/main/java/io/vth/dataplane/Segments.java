package io.vth.dataplane;

import io.vth.core.config.DecisionConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The segments of one config generation, found by VNI without allocation (open addressing on the
 * VNI). Immutable; a new generation replaces the whole table.
 */
public final class Segments {

  private final long generation;
  private final int[] vnis;
  private final Segment[] segments;
  private final int mask;
  private final List<Segment> all;

  private Segments(long generation, List<Segment> list) {
    this.generation = generation;
    this.all = List.copyOf(list);
    int capacity = Integer.highestOneBit(Math.max(4, list.size() * 4 - 1)) << 1;
    this.vnis = new int[capacity];
    this.segments = new Segment[capacity];
    this.mask = capacity - 1;
    for (Segment s : list) {
      int i = slot(s.vni);
      while (vnis[i] != 0) {
        i = (i + 1) & mask;
      }
      vnis[i] = s.vni;
      segments[i] = s;
    }
  }

  /**
   * The segments of every attachment of {@code config}, each knowing the attachments its routing
   * domain has routes to (where a program may send its packets).
   */
  public static Segments of(DecisionConfig config) {
    List<Segment> list = new ArrayList<>();
    for (DecisionConfig.Hub hub : config.hubs()) {
      Map<String, Integer> vniOf = new HashMap<>();
      for (DecisionConfig.Attachment a : hub.attachments()) {
        vniOf.put(a.name(), a.vni());
      }
      Map<String, Set<Integer>> reach = new HashMap<>();
      for (DecisionConfig.Domain d : hub.domains()) {
        Set<Integer> vnis = new HashSet<>();
        for (DecisionConfig.Route r : d.routes()) {
          if (!r.blackhole() && vniOf.containsKey(r.attachment())) {
            vnis.add(vniOf.get(r.attachment()));
          }
        }
        reach.put(d.name(), vnis);
      }
      for (DecisionConfig.Attachment a : hub.attachments()) {
        Set<Integer> egress = new HashSet<>(reach.getOrDefault(a.domain(), Set.of()));
        egress.add(a.vni());
        list.add(
            Segment.of(
                a,
                egress.stream().mapToInt(Integer::intValue).sorted().toArray(),
                hub.limitsOrDefault()));
      }
    }
    return new Segments(config.generation(), list);
  }

  /** No segments: what a pod has before its first config. */
  public static Segments empty() {
    return new Segments(-1, List.of());
  }

  /** The segment of {@code vni}, or null. */
  public Segment get(int vni) {
    int i = slot(vni);
    int v;
    while ((v = vnis[i]) != 0) {
      if (v == vni) {
        return segments[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** The generation these segments come from. */
  public long generation() {
    return generation;
  }

  /** Every segment. */
  public List<Segment> all() {
    return all;
  }

  private int slot(int vni) {
    return (vni * 0x9e3779b1) >>> 7 & mask;
  }
}
