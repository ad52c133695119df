package io.vth.operator.model;

import io.vth.api.v1alpha1.HubAttachment;
import io.vth.core.addr.Cidr;
import java.util.List;

/**
 * What the hub's plan says about one attachment.
 *
 * @param ref {@code namespace/name}
 * @param attachment the resource
 * @param problem why it is not connected, or null when it is
 * @param domain its routing domain
 * @param vni its VNI, when connected
 * @param gateway the hub's gateway address with prefix length, when connected
 * @param advertised the prefixes it advertises
 * @param shard names of its dataplane pods
 * @param propagated routes it should point at the hub
 * @param overlap its overlaps and translations
 */
public record AttachmentPlan(
    String ref,
    HubAttachment attachment,
    Problem problem,
    String domain,
    Integer vni,
    String gateway,
    List<Cidr> advertised,
    List<String> shard,
    List<RouteCompiler.Route> propagated,
    OverlapResolver.Decision overlap) {

  /** Whether the attachment is connected to the hub. */
  public boolean accepted() {
    return problem == null;
  }

  /** The hub's MAC address on the network's segment. */
  public String gatewayMac() {
    return VniAllocator.gatewayMac(vni);
  }
}
