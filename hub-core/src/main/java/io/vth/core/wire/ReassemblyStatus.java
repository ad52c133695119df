package io.vth.core.wire;

/** What a {@link ReplyReassembler} did with a segment. */
public enum ReassemblyStatus {
  /** The segment completed a reply, now in {@link ReplyReassembler#completed()}. */
  COMPLETE,
  /** The segment was stored; the reply still misses segments. */
  PENDING,
  /** The reply already has this segment, or completed a moment ago. */
  DUPLICATE_SEGMENT,
  /** The segment states another program length than the reply's earlier segments. */
  TOTAL_MISMATCH,
  /** The segment states another segment count than the reply's earlier segments. */
  COUNT_MISMATCH,
  /**
   * The segment's stride or decision (flow, generation, lifetime, verdict) differ from the reply's.
   */
  HEADER_MISMATCH,
  /** The segment would start a new reply, but the most replies are already pending. */
  TOO_MANY_PENDING,
  /** The segment's program is larger than the reassembler's whole byte budget. */
  TOO_LARGE,
  /** The segment's program does not fit in what is left of the byte budget. */
  BYTE_BUDGET_EXHAUSTED;

  /** Whether the segment was rejected (and nothing changed). */
  public boolean isRejection() {
    return this != COMPLETE && this != PENDING;
  }
}
