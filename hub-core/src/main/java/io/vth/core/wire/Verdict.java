package io.vth.core.wire;

/** What a decision pod decided for a flow: forward by running a program, or drop. */
public enum Verdict {
  /** Run the reply's action program on the flow's packets. */
  FORWARD(1),
  /** Drop the flow's packets, counting them under the reply's drop reason. */
  DROP(2);

  private final int code;

  Verdict(int code) {
    this.code = code;
  }

  /** The verdict byte on the wire. */
  public int code() {
    return code;
  }

  /** The verdict with this byte, or null when the byte names none. */
  public static Verdict fromCode(int code) {
    if (code == 1) {
      return FORWARD;
    }
    return code == 2 ? DROP : null;
  }
}
