package io.vth.core.action;

/** Thrown when a program fails verification: carries the reason and the offending instruction. */
public final class ActionRejectedException extends IllegalArgumentException {

  private final RejectReason reason;
  private final int instructionIndex;
  private final String detail;

  /** A rejection at instruction {@code instructionIndex}, or -1 when it concerns no instruction. */
  public ActionRejectedException(RejectReason reason, int instructionIndex, String detail) {
    super(
        reason
            + (instructionIndex >= 0 ? " at instruction " + instructionIndex : "")
            + ": "
            + detail);
    this.reason = reason;
    this.instructionIndex = instructionIndex;
    this.detail = detail;
  }

  /** The message without the reason and index: what exactly is wrong. */
  public String detail() {
    return detail;
  }

  /** Why the program was rejected. */
  public RejectReason reason() {
    return reason;
  }

  /** The index of the offending instruction, or -1 (header, constant pool). */
  public int instructionIndex() {
    return instructionIndex;
  }
}
