package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The VXLAN tunnel of an attachment (RFC 7348). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TunnelSpec {

  @Required
  @Size(max = ApiConstants.MAX_CIDR)
  @Pattern(ApiConstants.IP_PATTERN)
  @ValidationRule(value = ApiConstants.CEL_IP, message = "remote must be an IP address")
  @JsonPropertyDescription("The network's VXLAN tunnel endpoint address.")
  public String remote;

  @Min(1)
  @Max(65535)
  @Default("4789")
  @JsonPropertyDescription("UDP port of the tunnel endpoint.")
  public Integer port;

  @Min(1)
  @Max(16777215)
  @JsonPropertyDescription(
      "VXLAN network identifier; allocated by the operator, unique per hub, when absent.")
  public Integer vni;

  @Size(max = ApiConstants.MAX_CIDR)
  @Pattern(ApiConstants.IPV4_INTERFACE_PATTERN)
  @JsonPropertyDescription(
      "The hub's on-link address in the network (its gateway), such as 169.254.10.1/30;"
          + " allocated from 169.254.0.0/16 when absent.")
  public String hubAddress;
}
