package io.vth.decision;

import io.vth.core.action.DropReason;
import io.vth.core.addr.PrefixTranslation;
import io.vth.core.flow.FlowKey;
import io.vth.core.packet.IpProtocol;
import io.vth.decision.DecisionTables.AttachmentInfo;
import io.vth.decision.DecisionTables.Target;
import java.util.List;

/**
 * Decides a flow: the longest-prefix match of its destination in the source attachment's routing
 * domain, then the translations that apply. Pure: the same tables and key give the same decision.
 */
public final class Decider {

  private static final int DNS_PORT = 53;

  private Decider() {}

  /** Decides the flow {@code key} under {@code tables}. */
  public static Decision decide(DecisionTables tables, FlowKey key) {
    AttachmentInfo ingress = tables.attachment(key.vni());
    if (ingress == null) {
      return Decision.drop(DropReason.UNKNOWN_VNI, null);
    }
    Target target =
        key.isIpv6()
            ? ingress.domain().lookupIpv6(key.dstHi(), key.dstLo())
            : ingress.domain().lookupIpv4(key.dstIpv4());
    if (target == null) {
      return Decision.drop(DropReason.NO_ROUTE, ingress);
    }
    if (target.isBlackhole()) {
      return Decision.drop(DropReason.BLACKHOLE, ingress);
    }
    AttachmentInfo egress = target.attachment();
    PrefixTranslation destination = inboundMatch(egress.inbound(), key);
    PrefixTranslation source = forwardMatch(ingress.translations(), key);
    return new Decision(
        null, ingress, egress, source, destination, dnsRewrite(tables, ingress, egress, key));
  }

  /**
   * In Intercept mode, a UDP response from port 53 of a translated network to another network
   * sharing DNS gets its answers rewritten to the translated addresses; a later fragment cannot be.
   */
  private static Decision.DnsRewrite dnsRewrite(
      DecisionTables tables, AttachmentInfo ingress, AttachmentInfo egress, FlowKey key) {
    if (key.protocol() != IpProtocol.UDP
        || key.srcPort() != DNS_PORT
        || key.isNonFirstFragment()
        || ingress == egress
        || ingress.translations().isEmpty()) {
      return null;
    }
    int ttlCap = tables.dnsInterceptTtl(ingress, egress);
    if (ttlCap < 0) {
      return null;
    }
    PrefixTranslation map4 = null;
    PrefixTranslation map6 = null;
    for (PrefixTranslation t : ingress.translations()) {
      if (t.from().network().isIpv4()) {
        map4 = map4 == null ? t : map4;
      } else {
        map6 = map6 == null ? t : map6;
      }
    }
    return new Decision.DnsRewrite(map4, map6, ttlCap);
  }

  /** The translation whose real range holds the flow's source. */
  private static PrefixTranslation forwardMatch(List<PrefixTranslation> ts, FlowKey key) {
    for (PrefixTranslation t : ts) {
      boolean hit =
          key.isIpv6() ? t.matchesIpv6(key.srcHi(), key.srcLo()) : t.matchesIpv4(key.srcIpv4());
      if (hit) {
        return t;
      }
    }
    return null;
  }

  /** The inbound translation whose translated range holds the flow's destination. */
  private static PrefixTranslation inboundMatch(List<PrefixTranslation> ts, FlowKey key) {
    for (PrefixTranslation t : ts) {
      boolean hit =
          key.isIpv6() ? t.matchesIpv6(key.dstHi(), key.dstLo()) : t.matchesIpv4(key.dstIpv4());
      if (hit) {
        return t;
      }
    }
    return null;
  }
}
