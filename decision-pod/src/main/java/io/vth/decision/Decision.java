package io.vth.decision;

import io.vth.core.action.DropReason;
import io.vth.core.addr.PrefixTranslation;
import io.vth.decision.DecisionTables.AttachmentInfo;

/**
 * What the decision pod decided for a flow: forward to an egress attachment (with the source and
 * destination translations that apply), or drop with a reason.
 *
 * @param drop the drop reason, or null to forward
 * @param ingress the attachment the flow comes from (null when its VNI is unknown)
 * @param egress the attachment the flow goes to (null when dropped)
 * @param source translation of the source address leaving a translated network, or null
 * @param destination translation back to the real destination of a translated range, or null
 * @param dns the DNS answers to rewrite in flight (Intercept mode), or null
 */
public record Decision(
    DropReason drop,
    AttachmentInfo ingress,
    AttachmentInfo egress,
    PrefixTranslation source,
    PrefixTranslation destination,
    DnsRewrite dns) {

  /**
   * The Intercept-mode step for DNS responses leaving a translated network: A/AAAA answers in the
   * network's real range become its translated addresses, and TTLs are capped.
   *
   * @param map4 the network's IPv4 translation, or null
   * @param map6 the network's IPv6 translation, or null
   * @param ttlCap highest TTL of answers in seconds (0: no cap)
   */
  public record DnsRewrite(PrefixTranslation map4, PrefixTranslation map6, int ttlCap) {}

  /** A decision without DNS rewriting. */
  public Decision(
      DropReason drop,
      AttachmentInfo ingress,
      AttachmentInfo egress,
      PrefixTranslation source,
      PrefixTranslation destination) {
    this(drop, ingress, egress, source, destination, null);
  }

  /** A drop with {@code reason}. */
  public static Decision drop(DropReason reason, AttachmentInfo ingress) {
    return new Decision(reason, ingress, null, null, null, null);
  }

  /** Whether the flow is forwarded. */
  public boolean forwards() {
    return drop == null;
  }
}
