package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What the hub owner asks for: the cell, the routing domains, overlap handling, sharing, peers,
 * per-attachment limits.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VirtualTrafficHubSpec {

  @JsonPropertyDescription(
      "The cell of pods that serves this hub: zones, pod counts, shuffle sharding.")
  public CellSpec cell;

  @JsonPropertyDescription(
      "How networks reach the hub: the type of each attachment's Service and its annotations.")
  public EndpointSpec endpoint;

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(d, self.exists_one(e, e.name == d.name))",
      message = "routing domain names must be unique")
  @JsonPropertyDescription(
      "Routing domains, each a separate route table; traffic and routes never cross a domain."
          + " A domain named default exists when none is listed.")
  public List<RoutingDomain> routingDomains;

  @JsonPropertyDescription("How overlapping address ranges between attachments are handled.")
  public AddressOverlapSpec addressOverlap;

  @JsonPropertyDescription(
      "Which other namespaces may attach networks to this hub; the hub's own namespace always may.")
  public SharingSpec sharing;

  @Size(max = 16)
  @JsonPropertyDescription(
      "Linked hubs: routes flow between the matching routing domains of linked hubs.")
  public List<PeerSpec> peers;

  @JsonPropertyDescription(
      "What each attachment may hold of a dataplane pod's shared resources (new flows a second,"
          + " flows waiting for a decision, DNS queries and connections), so one network cannot"
          + " starve the others.")
  public LimitsSpec limits;
}
