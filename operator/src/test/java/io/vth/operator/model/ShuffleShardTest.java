package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Properties of the shuffle-shard chooser. */
class ShuffleShardTest {

  @Property(tries = 300)
  void everyShardHasKDistinctPodsOfTheCell(
      @ForAll @IntRange(min = 1, max = 30) int pods,
      @ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll @IntRange(min = 0, max = 5) int l,
      @ForAll @IntRange(min = 1, max = 20) int attachments) {
    Assume.that(l < k);
    List<String> cell = pods(pods);
    Map<String, List<String>> shards = choose(keys(attachments), cell, k, l, Map.of());

    assertThat(shards).hasSize(attachments);
    for (List<String> shard : shards.values()) {
      assertThat(shard).hasSize(Math.min(k, pods)).doesNotHaveDuplicates();
      assertThat(cell).containsAll(shard);
    }
  }

  @Property(tries = 300)
  void theSameInputsGiveTheSameShards(
      @ForAll @IntRange(min = 1, max = 30) int pods,
      @ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll @IntRange(min = 1, max = 20) int attachments) {
    List<String> cell = pods(pods);
    List<String> reversed = new ArrayList<>(cell);
    java.util.Collections.reverse(reversed);

    assertThat(choose(keys(attachments), cell, k, k - 1, Map.of()))
        .isEqualTo(choose(keys(attachments), reversed, k, k - 1, Map.of()));
  }

  @Property(tries = 300)
  void pairwiseOverlapStaysWithinLWhenTheCellIsBigEnough(
      @ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll @IntRange(min = 0, max = 5) int l,
      @ForAll @IntRange(min = 1, max = 12) int attachments,
      @ForAll @IntRange(min = 0, max = 20) int spare) {
    Assume.that(l < k);
    List<String> cell = pods(attachments * k + spare);

    Map<String, List<String>> shards = choose(keys(attachments), cell, k, l, Map.of());

    assertThat(ShuffleShard.maxPairwiseOverlap(shards.values())).isLessThanOrEqualTo(l);
  }

  @Property(tries = 300)
  void addingAPodLeavesShardsThatMeetTheBoundUnchanged(
      @ForAll @IntRange(min = 1, max = 30) int pods,
      @ForAll @IntRange(min = 1, max = 6) int k,
      @ForAll @IntRange(min = 0, max = 5) int l,
      @ForAll @IntRange(min = 1, max = 20) int attachments) {
    Assume.that(l < k);
    List<String> cell = pods(pods);
    Map<String, List<String>> before = choose(keys(attachments), cell, k, l, Map.of());
    Assume.that(pods >= k && ShuffleShard.maxPairwiseOverlap(before.values()) <= l);
    List<String> grown = new ArrayList<>(cell);
    grown.add("pod-new");

    Map<String, List<String>> after = choose(keys(attachments), grown, k, l, before);

    assertThat(after).isEqualTo(before);
  }

  @Property(tries = 200)
  void withoutHistoryAddingAPodChangesFewShards(
      @ForAll @IntRange(min = 10, max = 40) int pods,
      @ForAll @IntRange(min = 2, max = 4) int k,
      @ForAll @IntRange(min = 5, max = 30) int attachments) {
    List<String> cell = pods(pods);
    Map<String, List<String>> before = choose(keys(attachments), cell, k, k - 1, Map.of());
    List<String> grown = new ArrayList<>(cell);
    grown.add("pod-new");

    Map<String, List<String>> after = choose(keys(attachments), grown, k, k - 1, Map.of());

    long unchanged =
        before.keySet().stream().filter(a -> before.get(a).equals(after.get(a))).count();
    assertThat(unchanged).isGreaterThanOrEqualTo(attachments / 2);
  }

  @Test
  void twelvePodsServeTenAttachmentsWithOverlapAtMostOne() {
    Map<String, List<String>> shards = choose(keys(10), pods(12), 3, 1, Map.of());

    assertThat(ShuffleShard.maxPairwiseOverlap(shards.values())).isLessThanOrEqualTo(1);
  }

  @Test
  void anEmptyCellGivesEmptyShards() {
    assertThat(choose(keys(2), List.of(), 3, 1, Map.of()).values()).allMatch(List::isEmpty);
  }

  @Property(tries = 300)
  void checkingOnlyDistinctShardsChoosesWhatCheckingEveryShardChose(
      @ForAll @IntRange(min = 1, max = 10) int pods,
      @ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 0, max = 3) int l,
      @ForAll @IntRange(min = 1, max = 40) int attachments,
      @ForAll @IntRange(min = 0, max = 40) int withHistory) {
    Map<String, List<String>> previous = new HashMap<>();
    List<String> cell = pods(pods);
    for (int i = 0; i < Math.min(withHistory, attachments); i++) {
      // an older shard, possibly of pods that are gone
      previous.put(
          "ns/att-" + i, List.of("pod-" + (i % (pods + 2)), "pod-" + (i * 7 % (pods + 3))));
    }
    assertThat(choose(keys(attachments), cell, k, l, previous))
        .isEqualTo(everyShardReference(keys(attachments), cell, k, l, previous));
  }

  @Test
  @Timeout(30)
  void twentyThousandAttachmentsOnFourPodsAreLinear() {
    // the control-plane benchmark plans hubs of thousands of attachments on a small cell
    Map<String, List<String>> shards = choose(keys(20_000), pods(4), 3, 1, Map.of());

    assertThat(shards).hasSize(20_000).allSatisfy((key, shard) -> assertThat(shard).hasSize(3));
    assertThat(new HashSet<>(shards.values())).hasSizeLessThanOrEqualTo(4);
  }

  /** The chooser as it was first written: each candidate checked against every earlier shard. */
  private static Map<String, List<String>> everyShardReference(
      List<String> keys, List<String> pods, int size, int l, Map<String, List<String>> previous) {
    List<String> candidates = pods.stream().distinct().sorted().toList();
    int k = Math.min(size, candidates.size());
    Map<String, List<String>> shards = new LinkedHashMap<>();
    for (String key : keys) {
      Set<String> before = new HashSet<>(previous.getOrDefault(key, List.of()));
      List<String> ranked = new ArrayList<>(candidates);
      ranked.sort(
          Comparator.comparing((String p) -> before.contains(p) ? 0 : 1)
              .thenComparing(p -> ShuffleShard.score(key, p), Comparator.reverseOrder())
              .thenComparing(p -> p));
      List<String> shard = new ArrayList<>(k);
      for (String pod : ranked) {
        if (shard.size() < k && worst(shard, pod, shards.values()) <= l) {
          shard.add(pod);
        }
      }
      while (shard.size() < k) {
        String best = null;
        int bestOverlap = Integer.MAX_VALUE;
        for (String pod : ranked) {
          int o = shard.contains(pod) ? Integer.MAX_VALUE : worst(shard, pod, shards.values());
          if (o < bestOverlap) {
            best = pod;
            bestOverlap = o;
          }
        }
        shard.add(best);
      }
      shard.sort(null);
      shards.put(key, List.copyOf(shard));
    }
    return shards;
  }

  private static int worst(List<String> shard, String pod, Iterable<List<String>> chosen) {
    int worst = 0;
    for (List<String> other : chosen) {
      int o = (int) shard.stream().filter(other::contains).count() + (other.contains(pod) ? 1 : 0);
      worst = Math.max(worst, o);
    }
    return worst;
  }

  private static Map<String, List<String>> choose(
      List<String> keys, List<String> pods, int k, int l, Map<String, List<String>> previous) {
    return ShuffleShard.choose(keys, pods, new ShuffleShard.Params(k, l), new HashMap<>(previous));
  }

  private static List<String> pods(int n) {
    return IntStream.range(0, n).mapToObj(i -> "pod-" + i).toList();
  }

  private static List<String> keys(int n) {
    return IntStream.range(0, n).mapToObj(i -> "ns/att-" + i).toList();
  }
}
