package io.vth.dataplane;

import io.vth.core.action.DropReason;

/**
 * Why a dataplane pod dropped a packet: the reasons an action program can give, plus those only the
 * pod itself can see. The labels are the {@code reason} values of {@code
 * vth_packets_dropped_total}.
 */
public enum DropCause {
  NO_ROUTE("no_route"),
  BLACKHOLE("blackhole"),
  SPOOFED_SOURCE("spoofed_source"),
  UNKNOWN_VNI("unknown_vni"),
  BAD_TUNNEL_SOURCE("bad_tunnel_source"),
  TTL_EXPIRED("ttl_expired"),
  MALFORMED("malformed"),
  QUEUE_FULL("queue_full"),
  VERIFIER_REJECTED("verifier_rejected"),
  POLICY("policy"),
  /** No decision pod answered in time, after retries. */
  NO_DECISION("no_decision"),
  /** The next hop on the egress segment did not answer ARP in time. */
  NEIGHBOR_UNRESOLVED("neighbor_unresolved"),
  /** A frame the hub does not route (an ethertype other than ARP, IPv4, IPv6). */
  UNSUPPORTED("unsupported"),
  /**
   * An IPv4 packet with DF set that no longer fits once the tunnel adds its 50 bytes (the sender is
   * told with ICMP fragmentation needed).
   */
  TOO_BIG("too_big"),
  /**
   * The packet's attachment holds its share of a pool its worker shares with other attachments
   * (flows waiting for a decision, queued packets, new flows a second).
   */
  TENANT_LIMIT("tenant_limit"),
  /**
   * A program sent the packet to an attachment its network's routing domain has no route to (a
   * faulty or compromised decision pod); the semantic check after the structural verifier.
   */
  EGRESS_REFUSED("egress_refused");

  private static final DropCause[] BY_REASON_CODE = new DropCause[256];

  static {
    for (DropReason r : DropReason.values()) {
      BY_REASON_CODE[r.code()] = valueOf(r.name());
    }
  }

  private final String label;

  DropCause(String label) {
    this.label = label;
  }

  /** The metric label. */
  public String label() {
    return label;
  }

  /** The cause for an action program's drop code; unknown codes count as policy. */
  public static DropCause ofReasonCode(int code) {
    DropCause c = code > 0 && code < 256 ? BY_REASON_CODE[code] : null;
    return c == null ? POLICY : c;
  }
}
