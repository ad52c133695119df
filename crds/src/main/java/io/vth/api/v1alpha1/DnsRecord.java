package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A name the hub answers itself, with the real addresses of the network it belongs to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsRecord {

  @Required
  @Size(max = ApiConstants.MAX_DOMAIN)
  @Pattern(ApiConstants.DOMAIN_PATTERN)
  @JsonPropertyDescription("The name, such as db.b.internal.")
  public String name;

  @Required
  @Size(max = ApiConstants.MAX_REF)
  @Pattern(ApiConstants.NAMESPACED_NAME_PATTERN)
  @JsonPropertyDescription(
      "The attachment (namespace/name) the addresses belong to; they are translated for others.")
  public String attachment;

  @Required
  @Size(min = 1, max = 16)
  @ValidationRule(value = ApiConstants.CEL_IPS, message = "addresses must be IP addresses")
  @JsonPropertyDescription("Real IPv4 or IPv6 addresses of the name in its network.")
  public List<@Size(max = ApiConstants.MAX_CIDR) @Pattern(ApiConstants.IP_PATTERN) String>
      addresses;
}
