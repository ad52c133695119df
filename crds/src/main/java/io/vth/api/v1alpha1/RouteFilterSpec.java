package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Route filters of an attachment: what it tells its domain, and what it takes in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteFilterSpec {

  @Size(max = ApiConstants.MAX_CIDRS)
  @ValidationRule(
      value = ApiConstants.CEL_CANONICAL_CIDRS,
      message = "advertise must list canonical CIDRs with no host bits set")
  @JsonPropertyDescription("Prefixes this network advertises to the others; default: its cidrs.")
  public List<@Size(max = ApiConstants.MAX_CIDR) @Pattern(ApiConstants.CIDR_PATTERN) String>
      advertise;

  @Size(max = ApiConstants.MAX_CIDRS)
  @ValidationRule(
      value = ApiConstants.CEL_CANONICAL_CIDRS,
      message = "accept must list canonical CIDRs with no host bits set")
  @JsonPropertyDescription(
      "Only propagated routes inside these prefixes are taken in; default: every route of the domain.")
  public List<@Size(max = ApiConstants.MAX_CIDR) @Pattern(ApiConstants.CIDR_PATTERN) String> accept;
}
