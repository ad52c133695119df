package io.vth.operator.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses each attachment's shuffle shard: K of the cell's N dataplane pods, so that two shards
 * share at most L pods when the cell is big enough. Deterministic: pods are ranked per attachment
 * by a rendezvous hash of (attachment, pod), members of the attachment's previous shard first, and
 * taken greedily while the overlap bound holds, oldest attachment first. When the bound cannot be
 * met, the pods that overlap least are taken. Adding a pod changes a shard only when the new pod
 * outranks a member and the shard had no previous members, so shards in use are stable.
 */
public final class ShuffleShard {

  /**
   * Shard parameters.
   *
   * @param size K, pods per shard
   * @param maxOverlap L, most pods two shards may share
   */
  public record Params(int size, int maxOverlap) {}

  private ShuffleShard() {}

  /**
   * The shard of each key in {@code keys} (oldest first), from {@code pods}, preferring the members
   * of {@code previous} shards that still exist. Each shard is sorted by pod name.
   */
  public static Map<String, List<String>> choose(
      List<String> keys, List<String> pods, Params params, Map<String, List<String>> previous) {
    List<String> candidates = pods.stream().distinct().sorted().toList();
    int k = Math.min(params.size(), candidates.size());
    Map<String, List<String>> shards = new LinkedHashMap<>();
    // The overlap bound only depends on which distinct shards exist, not on how many keys hold
    // each: with few pods many keys share a shard, so checking distinct ones keeps a plan linear.
    Set<List<String>> distinct = new LinkedHashSet<>();
    for (String key : keys) {
      Set<String> before = new HashSet<>(previous.getOrDefault(key, List.of()));
      List<String> ranked = new ArrayList<>(candidates);
      ranked.sort(
          Comparator.comparing((String p) -> before.contains(p) ? 0 : 1)
              .thenComparing(p -> score(key, p), Comparator.reverseOrder())
              .thenComparing(p -> p));
      List<String> shard = pick(ranked, k, params.maxOverlap(), distinct);
      shard.sort(null);
      List<String> chosen = List.copyOf(shard);
      shards.put(key, chosen);
      distinct.add(chosen);
    }
    return shards;
  }

  /** The largest number of pods any two of {@code shards} share. */
  public static int maxPairwiseOverlap(Iterable<List<String>> shards) {
    List<List<String>> all = new ArrayList<>();
    shards.forEach(all::add);
    int max = 0;
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        max = Math.max(max, overlap(all.get(i), all.get(j)));
      }
    }
    return max;
  }

  private static List<String> pick(
      List<String> ranked, int k, int maxOverlap, Iterable<List<String>> chosen) {
    List<String> shard = new ArrayList<>(k);
    for (String pod : ranked) {
      if (shard.size() == k) {
        return shard;
      }
      if (worstOverlapWith(shard, pod, chosen) <= maxOverlap) {
        shard.add(pod);
      }
    }
    while (shard.size() < k) {
      String best = null;
      int bestOverlap = Integer.MAX_VALUE;
      for (String pod : ranked) {
        if (shard.contains(pod)) {
          continue;
        }
        int o = worstOverlapWith(shard, pod, chosen);
        if (o < bestOverlap) {
          best = pod;
          bestOverlap = o;
        }
      }
      shard.add(best);
    }
    return shard;
  }

  private static int worstOverlapWith(
      List<String> shard, String pod, Iterable<List<String>> chosen) {
    int worst = 0;
    for (List<String> other : chosen) {
      int o = overlap(shard, other) + (other.contains(pod) ? 1 : 0);
      worst = Math.max(worst, o);
    }
    return worst;
  }

  private static int overlap(List<String> a, List<String> b) {
    int n = 0;
    for (String p : a) {
      if (b.contains(p)) {
        n++;
      }
    }
    return n;
  }

  /** A 64-bit rendezvous score of {@code pod} for {@code key} (FNV-1a, then a SplitMix finish). */
  static long score(String key, String pod) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (key + '\0' + pod).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
