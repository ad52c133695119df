package io.vth.core.wire;

import io.vth.core.flow.FlowKey;

/**
 * The decision fields that every segment of an action reply repeats: request id, flow key,
 * generation, lifetime, verdict and drop reason.
 */
public abstract sealed class ReplyHeader extends WireMessage permits ActionReply, ReplySegment {

  /** Bytes of the decision fields, which follow the message header. */
  static final int DECISION_LENGTH = 8 + FlowKey.ENCODED_LENGTH + 8 + 4 + 1 + 1;

  private long requestId;
  private final FlowKey flow = new FlowKey();
  private long generation;
  private int lifetimeMillis;
  private Verdict verdict = Verdict.DROP;
  private int dropReason;

  @Override
  public final MessageType type() {
    return MessageType.ACTION_REPLY;
  }

  /** The id of the query this answers. */
  public final long requestId() {
    return requestId;
  }

  /** The flow the decision is for; owned by this holder. */
  public final FlowKey flow() {
    return flow;
  }

  /** The config generation the decision was made under. */
  public final long generation() {
    return generation;
  }

  /** How long the dataplane pod may cache the decision, in milliseconds. */
  public final int lifetimeMillis() {
    return lifetimeMillis;
  }

  /** Forward (run the program) or drop. */
  public final Verdict verdict() {
    return verdict;
  }

  /** The drop reason code (0..255) for {@link Verdict#DROP}; 0 for {@link Verdict#FORWARD}. */
  public final int dropReason() {
    return dropReason;
  }

  final void setDecision(
      long cellId,
      int podId,
      long requestId,
      FlowKey flow,
      long generation,
      int lifetimeMillis,
      Verdict verdict,
      int dropReason) {
    setSender(cellId, podId);
    this.requestId = requestId;
    this.flow.copyFrom(flow);
    this.generation = generation;
    this.lifetimeMillis = lifetimeMillis;
    this.verdict = verdict;
    this.dropReason = dropReason;
  }

  final void copyDecisionFrom(ReplyHeader other) {
    setDecision(
        other.cellId(),
        other.podId(),
        other.requestId,
        other.flow,
        other.generation,
        other.lifetimeMillis,
        other.verdict,
        other.dropReason);
  }

  /** Whether {@code other} carries the same sender and decision. */
  final boolean sameDecision(ReplyHeader other) {
    return cellId() == other.cellId()
        && podId() == other.podId()
        && requestId == other.requestId
        && generation == other.generation
        && lifetimeMillis == other.lifetimeMillis
        && verdict == other.verdict
        && dropReason == other.dropReason
        && flow.equals(other.flow);
  }

  final void writeDecision(byte[] buf, int p) {
    BigEndian.putLong(buf, p, requestId);
    flow.write(buf, p + 8);
    BigEndian.putLong(buf, p + 52, generation);
    BigEndian.putInt(buf, p + 60, lifetimeMillis);
    buf[p + 64] = (byte) verdict.code();
    buf[p + 65] = (byte) dropReason;
  }

  /** Reads the decision fields at {@code p}, which the caller has checked are all there. */
  final WireError readDecision(byte[] buf, int p, long programLength) {
    if (!isValidFlowKey(buf, p + 8)) {
      return WireError.BAD_FLOW_KEY;
    }
    int lifetime = BigEndian.getInt(buf, p + 60);
    if (lifetime < 0) {
      return WireError.FIELD_OUT_OF_RANGE;
    }
    Verdict v = Verdict.fromCode(buf[p + 64] & 0xff);
    if (v == null) {
      return WireError.UNKNOWN_VERDICT;
    }
    int reason = buf[p + 65] & 0xff;
    WireError error = checkVerdict(v, reason, programLength);
    if (error != WireError.NONE) {
      return error;
    }
    requestId = BigEndian.getLong(buf, p);
    flow.read(buf, p + 8);
    generation = BigEndian.getLong(buf, p + 52);
    lifetimeMillis = lifetime;
    verdict = v;
    dropReason = reason;
    return WireError.NONE;
  }

  /** A forward has no drop reason and a drop has no program, so neither can be misread. */
  static WireError checkVerdict(Verdict verdict, int dropReason, long programLength) {
    boolean consistent = verdict == Verdict.FORWARD ? dropReason == 0 : programLength == 0;
    return consistent ? WireError.NONE : WireError.INCONSISTENT_VERDICT;
  }
}
