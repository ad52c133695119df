package io.vth.core.wire;

/**
 * The last replies a reassembler completed, each remembered until its timeout, so that a late
 * duplicate segment is refused instead of opening a new pending reply that would hold a slot and
 * bytes until it expires.
 */
final class RecentCompletions {

  private final long[] cells;
  private final int[] pods;
  private final long[] requestIds;
  private final long[] deadlines;
  private final boolean[] used;
  private int next;

  RecentCompletions(int capacity) {
    cells = new long[capacity];
    pods = new int[capacity];
    requestIds = new long[capacity];
    deadlines = new long[capacity];
    used = new boolean[capacity];
  }

  /** Remembers a completion until {@code deadlineNanos}, forgetting the oldest when full. */
  void add(ReplyHeader reply, long deadlineNanos) {
    cells[next] = reply.cellId();
    pods[next] = reply.podId();
    requestIds[next] = reply.requestId();
    deadlines[next] = deadlineNanos;
    used[next] = true;
    next = (next + 1) % used.length;
  }

  /** Whether {@code segment} belongs to a reply completed less than its timeout ago. */
  boolean contains(ReplySegment segment, long nowNanos) {
    for (int i = 0; i < used.length; i++) {
      if (used[i]
          && requestIds[i] == segment.requestId()
          && pods[i] == segment.podId()
          && cells[i] == segment.cellId()
          && nowNanos - deadlines[i] < 0) {
        return true;
      }
    }
    return false;
  }
}
