package io.vth.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

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
