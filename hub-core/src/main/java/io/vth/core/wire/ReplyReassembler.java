package io.vth.core.wire;

/**
 * Puts the segments of split action replies back together, within fixed bounds: at most {@code
 * maxPending} replies at a time, whose programs together take at most {@code maxBytes}, each
 * dropped when it is not complete {@code timeoutNanos} after its first segment arrived.
 *
 * <p>Time comes from the caller ({@code nowNanos}, e.g. {@link System#nanoTime()}); there are no
 * threads and no locks, so one worker owns one reassembler. Replies are told apart by sender cell,
 * sender pod and request id. A rejected segment is not stored and the reply it claims to belong to
 * keeps its segments, so one corrupt or forged datagram does not throw away a reply. The last
 * {@link #RECENT_COMPLETIONS} (at least) completed replies are remembered for the timeout, and late
 * duplicates of their segments are refused as {@link ReassemblyStatus#DUPLICATE_SEGMENT}; a segment
 * of a reply that expired starts a new pending reply.
 *
 * <p>An unsplit reply is copied straight into {@link #completed()}, whose buffer only grows to the
 * largest program seen; a split one allocates its program buffer once, when its first segment
 * arrives (within the byte budget).
 */
public final class ReplyReassembler {

  /** How many completed replies are remembered at least (twice the pending bound when larger). */
  public static final int RECENT_COMPLETIONS = 64;

  private final PendingReply[] slots;
  private final int maxBytes;
  private final long timeoutNanos;
  private final ActionReply completed = new ActionReply();
  private final RecentCompletions recent;
  private int pendingCount;
  private int pendingBytes;
  private long expiredTotal;

  /**
   * A reassembler with the given bounds.
   *
   * @throws IllegalArgumentException when a bound is not positive
   */
  public ReplyReassembler(int maxPending, int maxBytes, long timeoutNanos) {
    if (maxPending < 1 || maxBytes < 1 || timeoutNanos < 1) {
      throw new IllegalArgumentException(
          "bounds must be positive: maxPending="
              + maxPending
              + " maxBytes="
              + maxBytes
              + " timeoutNanos="
              + timeoutNanos);
    }
    slots = new PendingReply[maxPending];
    for (int i = 0; i < maxPending; i++) {
      slots[i] = new PendingReply();
    }
    this.maxBytes = maxBytes;
    this.timeoutNanos = timeoutNanos;
    this.recent = new RecentCompletions(Math.max(RECENT_COMPLETIONS, 2 * maxPending));
  }

  /**
   * Offers a successfully decoded segment at time {@code nowNanos}, after expiring replies whose
   * time is up. On {@link ReassemblyStatus#COMPLETE} the whole reply is in {@link #completed()}.
   *
   * @throws IllegalArgumentException when the segment holder's last decode failed
   */
  public ReassemblyStatus offer(ReplySegment segment, long nowNanos) {
    if (!segment.isDecoded()) {
      throw new IllegalArgumentException("segment holder holds no decoded segment: " + segment);
    }
    expire(nowNanos);
    PendingReply pending = find(segment);
    if (pending == null) {
      if (recent.contains(segment, nowNanos)) {
        return ReassemblyStatus.DUPLICATE_SEGMENT;
      }
      if (segment.segmentCount() == 1) {
        completed.completeFrom(
            segment, segment.payloadArray(), segment.payloadOffset(), segment.programLength());
        recent.add(segment, nowNanos + timeoutNanos);
        return ReassemblyStatus.COMPLETE;
      }
      ReassemblyStatus admission = admit(segment.programLength());
      if (admission != ReassemblyStatus.PENDING) {
        return admission;
      }
      pending = freeSlot();
      pending.start(segment, nowNanos + timeoutNanos);
      pendingCount++;
      pendingBytes += pending.total();
    } else {
      ReassemblyStatus check = pending.check(segment);
      if (check != ReassemblyStatus.PENDING) {
        return check;
      }
    }
    if (!pending.add(segment)) {
      return ReassemblyStatus.PENDING;
    }
    completed.completeFrom(pending.decision, pending.data(), 0, pending.total());
    recent.add(pending.decision, nowNanos + timeoutNanos);
    free(pending);
    return ReassemblyStatus.COMPLETE;
  }

  private ReassemblyStatus admit(int total) {
    if (total > maxBytes) {
      return ReassemblyStatus.TOO_LARGE;
    }
    if (pendingCount == slots.length) {
      return ReassemblyStatus.TOO_MANY_PENDING;
    }
    if (total > maxBytes - pendingBytes) {
      return ReassemblyStatus.BYTE_BUDGET_EXHAUSTED;
    }
    return ReassemblyStatus.PENDING;
  }

  /** Drops the replies whose time is up at {@code nowNanos}; returns how many. */
  public int expire(long nowNanos) {
    int expired = 0;
    for (PendingReply slot : slots) {
      if (slot.isExpired(nowNanos)) {
        free(slot);
        expired++;
      }
    }
    expiredTotal += expired;
    return expired;
  }

  /**
   * The reply the last {@link ReassemblyStatus#COMPLETE} offer completed; reused by the next one.
   */
  public ActionReply completed() {
    return completed;
  }

  /** Replies waiting for segments. */
  public int pendingCount() {
    return pendingCount;
  }

  /** Program bytes reserved by the replies waiting for segments. */
  public int pendingBytes() {
    return pendingBytes;
  }

  /** Replies dropped because their time was up, since this reassembler was made. */
  public long expiredTotal() {
    return expiredTotal;
  }

  private PendingReply find(ReplySegment segment) {
    for (PendingReply slot : slots) {
      if (slot.isFor(segment)) {
        return slot;
      }
    }
    return null;
  }

  private PendingReply freeSlot() {
    for (PendingReply slot : slots) {
      if (!slot.inUse()) {
        return slot;
      }
    }
    throw new IllegalStateException("no free slot although " + pendingCount + " are pending");
  }

  private void free(PendingReply slot) {
    pendingCount--;
    pendingBytes -= slot.total();
    slot.release();
  }
}
