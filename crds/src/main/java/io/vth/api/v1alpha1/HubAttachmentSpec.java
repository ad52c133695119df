package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** What a network owner asks for: which hub, which domain, which ranges, and the tunnel to use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HubAttachmentSpec {

  /** The kind of isolated network, for metrics and display. */
  public enum NetworkType {
    Vpc,
    Vpn,
    DirectConnect
  }

  @Required
  @ValidationRule(
      value = "self == oldSelf",
      message = "hubRef is immutable: delete and recreate the attachment")
  @JsonPropertyDescription("The hub to attach to. Immutable.")
  public ObjectRef hubRef;

  @Default("default")
  @Size(max = ApiConstants.MAX_LABEL)
  @Pattern(ApiConstants.LABEL_PATTERN)
  @JsonPropertyDescription("The routing domain of the hub this network joins.")
  public String routingDomain;

  @Default("Vpc")
  @JsonPropertyDescription("Vpc, Vpn or DirectConnect; used for metrics and display.")
  public NetworkType networkType;

  @Required
  @Size(min = 1, max = ApiConstants.MAX_CIDRS)
  @ValidationRule(
      value = ApiConstants.CEL_CANONICAL_CIDRS,
      message = "cidrs must be canonical CIDRs with no host bits set, such as 10.0.0.0/8")
  @JsonPropertyDescription("The network's address ranges in CIDR notation, IPv4 or IPv6.")
  public List<@Size(max = ApiConstants.MAX_CIDR) @Pattern(ApiConstants.CIDR_PATTERN) String> cidrs;

  @Required
  @JsonPropertyDescription("The VXLAN tunnel between the network and the hub.")
  public TunnelSpec tunnel;

  @JsonPropertyDescription("Which routes the network advertises to, and accepts from, its domain.")
  public RouteFilterSpec routes;

  @Size(max = 8)
  @ValidationRule(value = ApiConstants.CEL_IPS, message = "dnsServers must be IP addresses")
  @JsonPropertyDescription("The network's own DNS resolvers, used by DnsPolicy.")
  public List<@Size(max = ApiConstants.MAX_CIDR) @Pattern(ApiConstants.IP_PATTERN) String>
      dnsServers;
}
