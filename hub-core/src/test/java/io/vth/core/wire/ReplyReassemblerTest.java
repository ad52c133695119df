package io.vth.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reassembler's memory and time bounds hold, and inconsistent segments are refused. */
class ReplyReassemblerTest {

  private static final long SECOND = 1_000_000_000L;

  private static ReplySegment segment(ActionReply reply, int index, int maxDatagram) {
    return WireSamples.decodedSegment(WireSamples.segments(reply, maxDatagram).get(index));
  }

  private static ReplySegment firstOf(long requestId, int programLength) {
    return segment(WireSamples.forwardReply(requestId, programLength), 0, 1400);
  }

  @Test
  void tooManyPendingRepliesAreRefusedUntilOneCompletes() {
    ReplyReassembler reassembler = new ReplyReassembler(2, 1 << 20, SECOND);
    ActionReply first = WireSamples.forwardReply(1, 3000);

    assertThat(reassembler.offer(segment(first, 0, 1400), 0)).isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.offer(firstOf(2, 3000), 0)).isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.offer(firstOf(3, 3000), 0)).isEqualTo(ReassemblyStatus.TOO_MANY_PENDING);
    assertThat(reassembler.pendingCount()).isEqualTo(2);

    reassembler.offer(segment(first, 1, 1400), 0);
    assertThat(reassembler.offer(segment(first, 2, 1400), 0)).isEqualTo(ReassemblyStatus.COMPLETE);
    assertThat(reassembler.offer(firstOf(3, 3000), 0)).isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.pendingCount()).isEqualTo(2);
  }

  @Test
  void unsplitRepliesNeedNoSlot() {
    ReplyReassembler reassembler = new ReplyReassembler(1, 2000, SECOND);
    reassembler.offer(firstOf(1, 2000), 0);

    assertThat(reassembler.offer(firstOf(2, 500), 0)).isEqualTo(ReassemblyStatus.COMPLETE);
    assertThat(reassembler.completed().programCopy())
        .isEqualTo(WireSamples.forwardReply(2, 500).programCopy());
  }

  @Test
  void programsBeyondTheByteBudgetAreRefused() {
    ReplyReassembler reassembler = new ReplyReassembler(8, 5000, SECOND);

    assertThat(reassembler.offer(firstOf(1, 5001), 0)).isEqualTo(ReassemblyStatus.TOO_LARGE);
    assertThat(reassembler.offer(firstOf(2, 3000), 0)).isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.offer(firstOf(3, 2001), 0))
        .isEqualTo(ReassemblyStatus.BYTE_BUDGET_EXHAUSTED);
    assertThat(reassembler.offer(firstOf(4, 2000), 0)).isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.pendingBytes()).isEqualTo(5000);
    assertThat(reassembler.pendingCount()).isEqualTo(2);
  }

  @Test
  void incompleteRepliesExpireAndFreeTheirSlotAndBytes() {
    ReplyReassembler reassembler = new ReplyReassembler(1, 4000, SECOND);
    ActionReply reply = WireSamples.forwardReply(1, 3000);
    reassembler.offer(segment(reply, 0, 1400), 100);

    assertThat(reassembler.expire(100 + SECOND - 1)).isZero();
    assertThat(reassembler.offer(firstOf(2, 3000), 100 + SECOND - 1))
        .isEqualTo(ReassemblyStatus.TOO_MANY_PENDING);
    assertThat(reassembler.expire(100 + SECOND)).isEqualTo(1);
    assertThat(reassembler.pendingCount()).isZero();
    assertThat(reassembler.pendingBytes()).isZero();
    assertThat(reassembler.expiredTotal()).isEqualTo(1);
  }

  @Test
  void offerExpiresFirstSoLateSegmentsStartOver() {
    ReplyReassembler reassembler = new ReplyReassembler(1, 4000, SECOND);
    ActionReply reply = WireSamples.forwardReply(1, 3000);
    List<byte[]> datagrams = WireSamples.segments(reply, 1400);
    reassembler.offer(WireSamples.decodedSegment(datagrams.get(0)), 0);
    reassembler.offer(WireSamples.decodedSegment(datagrams.get(1)), 0);

    assertThat(reassembler.offer(WireSamples.decodedSegment(datagrams.get(2)), 2 * SECOND))
        .isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.expiredTotal()).isEqualTo(1);
    assertThat(reassembler.offer(WireSamples.decodedSegment(datagrams.get(0)), 2 * SECOND))
        .isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.offer(WireSamples.decodedSegment(datagrams.get(1)), 2 * SECOND))
        .isEqualTo(ReassemblyStatus.COMPLETE);
    assertThat(reassembler.completed().programCopy()).isEqualTo(reply.programCopy());
  }

  @Test
  void lateDuplicatesOfCompletedRepliesAreRefusedForTheTimeout() {
    ReplyReassembler reassembler = new ReplyReassembler(1, 4000, SECOND);
    ActionReply split = WireSamples.forwardReply(1, 2000);
    reassembler.offer(segment(split, 0, 1400), 0);
    reassembler.offer(segment(split, 1, 1400), 0);
    reassembler.offer(firstOf(2, 100), 0);

    assertThat(reassembler.offer(segment(split, 0, 1400), SECOND - 1))
        .isEqualTo(ReassemblyStatus.DUPLICATE_SEGMENT);
    assertThat(reassembler.offer(firstOf(2, 100), SECOND - 1))
        .isEqualTo(ReassemblyStatus.DUPLICATE_SEGMENT);
    assertThat(reassembler.pendingCount()).isZero();
    assertThat(reassembler.offer(segment(split, 0, 1400), SECOND))
        .isEqualTo(ReassemblyStatus.PENDING);
    assertThat(reassembler.offer(firstOf(2, 100), SECOND)).isEqualTo(ReassemblyStatus.COMPLETE);
  }

  @Test
  void clockWrapAroundDoesNotExpireEarly() {
    ReplyReassembler reassembler = new ReplyReassembler(1, 4000, SECOND);
    reassembler.offer(firstOf(1, 3000), Long.MAX_VALUE - 10);

    assertThat(reassembler.expire(Long.MIN_VALUE + 10)).isZero();
    assertThat(reassembler.expire(Long.MAX_VALUE - 10 + SECOND)).isEqualTo(1);
  }

  @Test
  void inconsistentSegmentsAreRefusedAndTheGoodOnesKept() {
    ReplyReassembler reassembler = new ReplyReassembler(4, 1 << 20, SECOND);
    ActionReply reply = WireSamples.forwardReply(1, 3000);
    reassembler.offer(segment(reply, 0, 1400), 0);

    assertThat(reassembler.offer(segment(reply, 0, 1400), 0))
        .isEqualTo(ReassemblyStatus.DUPLICATE_SEGMENT);
    assertThat(reassembler.offer(segment(WireSamples.forwardReply(1, 3001), 1, 1400), 0))
        .isEqualTo(ReassemblyStatus.TOTAL_MISMATCH);
    // 3000 bytes take 3 segments of 1306 but 2 of 1906.
    assertThat(reassembler.offer(segment(reply, 1, 2000), 0))
        .isEqualTo(ReassemblyStatus.COUNT_MISMATCH);
    // 2 segments either way, but of 1606 and 1906 bytes.
    ReplyReassembler other = new ReplyReassembler(4, 1 << 20, SECOND);
    other.offer(segment(reply, 0, 1700), 0);
    assertThat(other.offer(segment(reply, 1, 2000), 0)).isEqualTo(ReassemblyStatus.HEADER_MISMATCH);
    ActionReply newerGeneration = WireSamples.forwardReply(1, 3000);
    newerGeneration.set(
        WireSamples.CELL,
        WireSamples.POD,
        1,
        WireSamples.ipv6Flow(),
        10,
        30_000,
        Verdict.FORWARD,
        0);
    assertThat(reassembler.offer(segment(newerGeneration, 1, 1400), 0))
        .isEqualTo(ReassemblyStatus.HEADER_MISMATCH);

    reassembler.offer(segment(reply, 1, 1400), 0);
    assertThat(reassembler.offer(segment(reply, 2, 1400), 0)).isEqualTo(ReassemblyStatus.COMPLETE);
    assertThat(reassembler.completed().programCopy()).isEqualTo(reply.programCopy());
    assertThat(reassembler.completed().generation()).isEqualTo(9);
  }

  @Test
  void rejectionsAreRejectionsAndProgressIsNot() {
    assertThat(ReassemblyStatus.COMPLETE.isRejection()).isFalse();
    assertThat(ReassemblyStatus.PENDING.isRejection()).isFalse();
    assertThat(ReassemblyStatus.DUPLICATE_SEGMENT.isRejection()).isTrue();
    assertThat(ReassemblyStatus.BYTE_BUDGET_EXHAUSTED.isRejection()).isTrue();
  }

  @Test
  void misuseIsRefused() {
    ReplySegment undecoded = new ReplySegment();
    ReplyReassembler reassembler = new ReplyReassembler(1, 1, 1);

    assertThatThrownBy(() -> reassembler.offer(undecoded, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReplyReassembler(0, 10, 10)).hasMessageContaining("maxPending=0");
    assertThatThrownBy(() -> new ReplyReassembler(1, 10, -5))
        .hasMessageContaining("timeoutNanos=-5");
  }
}
