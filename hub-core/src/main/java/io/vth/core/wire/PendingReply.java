package io.vth.core.wire;

import java.util.Arrays;

/**
 * A reply whose segments are arriving: the decision, the program so far, and which segments came.
 */
final class PendingReply {

  final ActionReply decision = new ActionReply();
  private final long[] received = new long[(WireProtocol.MAX_SEGMENTS + 63) / 64];
  private byte[] data;
  private int receivedCount;
  private int count;
  private int total;
  private int stride;
  private long deadlineNanos;
  private boolean inUse;

  void start(ReplySegment first, long deadlineNanos) {
    decision.copyDecisionFrom(first);
    data = new byte[first.programLength()];
    Arrays.fill(received, 0L);
    receivedCount = 0;
    count = first.segmentCount();
    total = first.programLength();
    stride = first.stride();
    this.deadlineNanos = deadlineNanos;
    inUse = true;
  }

  void release() {
    inUse = false;
    data = null;
  }

  boolean inUse() {
    return inUse;
  }

  boolean isFor(ReplySegment s) {
    return inUse
        && decision.requestId() == s.requestId()
        && decision.podId() == s.podId()
        && decision.cellId() == s.cellId();
  }

  boolean isExpired(long nowNanos) {
    return inUse && nowNanos - deadlineNanos >= 0;
  }

  ReassemblyStatus check(ReplySegment s) {
    if (s.programLength() != total) {
      return ReassemblyStatus.TOTAL_MISMATCH;
    }
    if (s.segmentCount() != count) {
      return ReassemblyStatus.COUNT_MISMATCH;
    }
    if (s.stride() != stride || !decision.sameDecision(s)) {
      return ReassemblyStatus.HEADER_MISMATCH;
    }
    int i = s.segmentIndex();
    return (received[i >>> 6] & (1L << i)) != 0
        ? ReassemblyStatus.DUPLICATE_SEGMENT
        : ReassemblyStatus.PENDING;
  }

  /** Stores a segment that {@link #check} accepted; true when it was the last one missing. */
  boolean add(ReplySegment s) {
    int i = s.segmentIndex();
    received[i >>> 6] |= 1L << i;
    System.arraycopy(
        s.payloadArray(), s.payloadOffset(), data, s.programOffset(), s.payloadLength());
    return ++receivedCount == count;
  }

  byte[] data() {
    return data;
  }

  int total() {
    return total;
  }
}
