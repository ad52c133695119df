package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A static route of a routing domain: a prefix sent to one attachment, or dropped. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.attachment) != (has(self.blackhole) && self.blackhole)",
    message = "a static route needs exactly one of attachment or blackhole: true")
public class StaticRoute {

  @Required
  @Size(max = ApiConstants.MAX_CIDR)
  @Pattern(ApiConstants.CIDR_PATTERN)
  @ValidationRule(
      value = ApiConstants.CEL_CANONICAL_CIDR,
      message = "prefix must be a canonical CIDR with no host bits set, such as 10.99.0.0/16")
  @JsonPropertyDescription("Destination prefix in CIDR notation, such as 10.99.0.0/16.")
  public String prefix;

  @Size(max = ApiConstants.MAX_REF)
  @Pattern(ApiConstants.NAMESPACED_NAME_PATTERN)
  @JsonPropertyDescription("The attachment (namespace/name) that receives traffic for the prefix.")
  public String attachment;

  @JsonPropertyDescription("Drop traffic for the prefix, counted with reason blackhole.")
  public Boolean blackhole;
}
