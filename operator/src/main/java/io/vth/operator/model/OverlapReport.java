package io.vth.operator.model;

import io.vth.api.v1alpha1.AddressOverlapSpec;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.api.v1alpha1.VirtualTrafficHubSpec;
import io.vth.core.addr.Cidr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A planner's dry run (the patent's DetectAddressOverlaps): for a hub and candidate attachments,
 * the overlaps and what each overlap policy would do, computed with the operator's own resolver and
 * without touching any cluster.
 */
public final class OverlapReport {

  private OverlapReport() {}

  /** The report, as text, for {@code hub} and its candidate {@code attachments} (oldest first). */
  public static String of(VirtualTrafficHub hub, List<HubAttachment> attachments) {
    StringBuilder out = new StringBuilder();
    List<OverlapResolver.Member> members = new ArrayList<>();
    Map<String, HubAttachment> resources = new LinkedHashMap<>();
    for (HubAttachment a : attachments) {
      String ref = a.getMetadata().getNamespace() + "/" + a.getMetadata().getName();
      List<Cidr> cidrs = new ArrayList<>();
      for (String c : a.getSpec().cidrs == null ? List.<String>of() : a.getSpec().cidrs) {
        try {
          cidrs.add(Cidr.parse(c));
        } catch (IllegalArgumentException e) {
          out.append("invalid: ")
              .append(ref)
              .append(" spec.cidrs: ")
              .append(e.getMessage())
              .append('\n');
        }
      }
      String domain = a.getSpec().routingDomain == null ? "default" : a.getSpec().routingDomain;
      members.add(new OverlapResolver.Member(ref, domain, cidrs));
      resources.put(ref, a);
    }
    OverlapResolver.Result any =
        OverlapResolver.resolve(
            withPolicy(hub, AddressOverlapSpec.Policy.Notify), members, List.of(), resources);
    if (any.overlaps().isEmpty()) {
      return out.append("no overlapping ranges: every policy connects every attachment as it is\n")
          .toString();
    }
    out.append("overlaps:\n");
    for (OverlapResolver.Overlap o : any.overlaps()) {
      out.append("  ")
          .append(o.newer())
          .append(" overlaps ")
          .append(o.older())
          .append(" on ")
          .append(o.ranges())
          .append('\n');
    }
    for (AddressOverlapSpec.Policy policy : AddressOverlapSpec.Policy.values()) {
      OverlapResolver.Result r =
          OverlapResolver.resolve(withPolicy(hub, policy), members, List.of(), resources);
      out.append("policy ").append(policy).append(":\n");
      for (OverlapResolver.Member m : members) {
        OverlapResolver.Decision d = r.decision(m.ref());
        if (d.overlaps().isEmpty()) {
          continue;
        }
        out.append("  ").append(m.ref()).append(": ").append(effect(d, r, m.ref())).append('\n');
      }
    }
    return out.toString();
  }

  private static String effect(OverlapResolver.Decision d, OverlapResolver.Result r, String ref) {
    if (d.rejected() != null) {
      return "not connected (" + d.rejected().reason() + ")";
    }
    List<String> parts = new ArrayList<>();
    for (OverlapResolver.Translation t : d.translations()) {
      parts.add("translated " + t.from() + " -> " + t.to());
    }
    r.desired().stream()
        .filter(
            m ->
                ref.equals(
                    m.getSpec().attachmentRef.namespace + "/" + m.getSpec().attachmentRef.name))
        .filter(
            m ->
                !Boolean.TRUE.equals(m.getSpec().approved)
                    && m.getSpec().origin != null
                    && m.getSpec().origin.name().equals("Proposed"))
        .forEach(
            m ->
                parts.add(
                    "proposes TranslationMapping "
                        + m.getMetadata().getName()
                        + " "
                        + m.getSpec().mappings.get(0).from
                        + " -> "
                        + m.getSpec().mappings.get(0).to
                        + " (needs approved: true)"));
    if (!d.excluded().isEmpty()) {
      parts.add("connected without " + d.excluded());
    }
    return parts.isEmpty() ? "connected as it is (it attached first)" : String.join("; ", parts);
  }

  private static VirtualTrafficHub withPolicy(
      VirtualTrafficHub hub, AddressOverlapSpec.Policy policy) {
    VirtualTrafficHub copy = new VirtualTrafficHub();
    copy.setMetadata(hub.getMetadata());
    VirtualTrafficHubSpec spec = new VirtualTrafficHubSpec();
    VirtualTrafficHubSpec original =
        hub.getSpec() == null ? new VirtualTrafficHubSpec() : hub.getSpec();
    spec.cell = original.cell;
    spec.routingDomains = original.routingDomains;
    spec.sharing = original.sharing;
    spec.peers = original.peers;
    spec.addressOverlap = new AddressOverlapSpec();
    spec.addressOverlap.policy = policy;
    spec.addressOverlap.translationPool =
        original.addressOverlap == null ? null : original.addressOverlap.translationPool;
    copy.setSpec(spec);
    return copy;
  }
}
