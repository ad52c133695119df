package io.vth.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Under any mix of replies, bounds and clock, the reassembler stays within its bounds and is right.
 */
class ReassemblerInvariantsTest {

  private static final long TIMEOUT = 10;

  @Property(tries = 100)
  void boundsHoldAndCompletedRepliesAreExact(
      @ForAll @IntRange(min = 1, max = 4) int maxPending,
      @ForAll @IntRange(min = 1000, max = 30_000) int maxBytes,
      @ForAll @IntRange(min = 1, max = 8) int replies,
      @ForAll @IntRange(max = 3) int maxTick,
      @ForAll long seed) {
    ReplyReassembler reassembler = new ReplyReassembler(maxPending, maxBytes, TIMEOUT);

    replay(reassembler, maxPending, maxBytes, replies, maxTick, new Random(seed));

    assertThat(reassembler.pendingCount()).isZero();
    assertThat(reassembler.pendingBytes()).isZero();
  }

  @Property(tries = 50)
  void withRoomAndTimeEveryReplyCompletes(
      @ForAll @IntRange(min = 1, max = 8) int replies, @ForAll long seed) {
    int maxBytes = 8 * 12_000;
    ReplyReassembler reassembler = new ReplyReassembler(replies, maxBytes, TIMEOUT);

    Set<Long> completed = replay(reassembler, replies, maxBytes, replies, 0, new Random(seed));

    assertThat(completed).hasSize(replies);
    assertThat(reassembler.expiredTotal()).isZero();
  }

  /**
   * Offers the segments of {@code replies} random replies, one segment of each twice, in random
   * order while the clock advances by up to {@code maxTick} per segment; checks the bounds after
   * every offer, expires what is left, and returns the request ids that completed.
   */
  private static Set<Long> replay(
      ReplyReassembler reassembler,
      int maxPending,
      int maxBytes,
      int replies,
      int maxTick,
      Random random) {
    Map<Long, byte[]> programs = new HashMap<>();
    List<byte[]> arrival = new ArrayList<>();
    for (long id = 1; id <= replies; id++) {
      ActionReply reply = WireSamples.forwardReply(id, random.nextInt(12_000));
      programs.put(id, reply.programCopy());
      List<byte[]> segments = WireSamples.segments(reply, 512 + random.nextInt(3000));
      arrival.addAll(segments);
      arrival.add(segments.get(random.nextInt(segments.size())));
    }
    Collections.shuffle(arrival, random);

    Set<Long> completed = new HashSet<>();
    long now = 0;
    for (byte[] datagram : arrival) {
      now += random.nextInt(maxTick + 1);
      ReplySegment segment = WireSamples.decodedSegment(datagram);
      ReassemblyStatus status = reassembler.offer(segment, now);

      assertThat(reassembler.pendingCount()).isBetween(0, maxPending);
      assertThat(reassembler.pendingBytes()).isBetween(0, maxBytes);
      if (status == ReassemblyStatus.TOO_LARGE) {
        assertThat(segment.programLength()).isGreaterThan(maxBytes);
      }
      assertThat(status)
          .isNotIn(
              ReassemblyStatus.TOTAL_MISMATCH,
              ReassemblyStatus.COUNT_MISMATCH,
              ReassemblyStatus.HEADER_MISMATCH);
      if (status == ReassemblyStatus.COMPLETE) {
        ActionReply done = reassembler.completed();
        assertThat(done.programCopy()).isEqualTo(programs.get(done.requestId()));
        completed.add(done.requestId());
      }
    }
    int stillPending = reassembler.pendingCount();
    assertThat(reassembler.expire(now + TIMEOUT)).isEqualTo(stillPending);
    return completed;
  }
}
