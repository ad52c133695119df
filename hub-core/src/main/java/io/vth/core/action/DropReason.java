package io.vth.core.action;

/**
 * Why a packet was dropped: the {@code reason} label of {@code vth_packets_dropped_total}, and the
 * operand of the {@code drop} helper (its {@link #code()} is what the encoding carries).
 */
public enum DropReason {
  NO_ROUTE(1, "no_route"),
  BLACKHOLE(2, "blackhole"),
  SPOOFED_SOURCE(3, "spoofed_source"),
  UNKNOWN_VNI(4, "unknown_vni"),
  BAD_TUNNEL_SOURCE(5, "bad_tunnel_source"),
  TTL_EXPIRED(6, "ttl_expired"),
  MALFORMED(7, "malformed"),
  QUEUE_FULL(8, "queue_full"),
  VERIFIER_REJECTED(9, "verifier_rejected"),
  POLICY(10, "policy");

  private static final DropReason[] BY_CODE = new DropReason[16];

  static {
    for (DropReason reason : values()) {
      BY_CODE[reason.code] = reason;
    }
  }

  private final int code;
  private final String label;

  DropReason(int code, String label) {
    this.code = code;
    this.label = label;
  }

  /** The stable number of this reason in encoded programs and interpreter results (1..15). */
  public int code() {
    return code;
  }

  /** The Prometheus label value, also the name used in assembly text. */
  public String label() {
    return label;
  }

  /** The reason with this code, or null when no reason has it. */
  public static DropReason ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** The reason with this label, or null when no reason has it. */
  public static DropReason ofLabel(String label) {
    for (DropReason reason : values()) {
      if (reason.label.equals(label)) {
        return reason;
      }
    }
    return null;
  }
}
