package io.vth.operator.model;

import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicyStatus;
import java.time.Instant;
import java.util.List;

/** The status of a DnsPolicy: its resolver endpoints and the conditions Accepted and Ready. */
public final class DnsPolicyStatuses {

  /** Condition: the hub accepted the policy (permitted, valid, not in conflict). */
  public static final String ACCEPTED = "Accepted";

  /** Condition: the policy is in effect in the hub's published decision config. */
  public static final String READY = "Ready";

  /** Reason: the referenced hub does not exist. */
  public static final String HUB_NOT_FOUND = "HubNotFound";

  private DnsPolicyStatuses() {}

  /** The status of {@code policy} given the hub's {@code verdict} on it. */
  public static DnsPolicyStatus of(
      DnsPolicy policy, DnsPolicyResolver.Verdict verdict, Instant now) {
    ConditionSet c = ConditionSet.over(policy, now);
    DnsPolicyStatus s = new DnsPolicyStatus();
    s.observedGeneration = policy.getMetadata().getGeneration();
    if (verdict.honoured()) {
      String message = describe(verdict);
      c.set(ACCEPTED, true, "Accepted", message);
      c.set(READY, true, DnsPolicyResolver.IN_EFFECT, message);
      for (DnsPolicyResolver.Endpoint e : verdict.endpoints()) {
        DnsPolicyStatus.ResolverEndpoint out = new DnsPolicyStatus.ResolverEndpoint();
        out.attachment = e.attachment();
        out.address = e.address();
        out.port = e.port();
        s.endpoints.add(out);
      }
    } else {
      Problem p = verdict.problem();
      c.set(ACCEPTED, false, p.reason(), p.message());
      c.set(READY, false, p.reason(), p.message());
    }
    s.conditions = c.conditions();
    return s;
  }

  /** The status of a policy that is rejected before planning (not permitted, no hub). */
  public static DnsPolicyStatus rejected(DnsPolicy policy, Problem problem, Instant now) {
    return of(policy, new DnsPolicyResolver.Verdict(problem, null, List.of()), now);
  }

  /** The problem of a policy whose hub {@code hubRef} does not exist. */
  public static Problem hubNotFound(String hubRef) {
    return new Problem(HUB_NOT_FOUND, "spec.hubRef: hub \"" + hubRef + "\" does not exist");
  }

  private static String describe(DnsPolicyResolver.Verdict v) {
    var dns = v.dns();
    String sharing =
        dns.attachments().isEmpty()
            ? "every attachment of the hub shares DNS"
            : dns.attachments().size() + " attachment(s) share DNS";
    return "mode "
        + dns.mode()
        + ": "
        + sharing
        + ", "
        + dns.zones().size()
        + " zone(s), "
        + dns.records().size()
        + " record(s), ttl "
        + dns.ttlSeconds()
        + "s";
  }
}
