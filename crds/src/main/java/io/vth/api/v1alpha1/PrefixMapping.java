package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One 1:1 prefix translation: host bits are kept, the network part is replaced. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.from != self.to", message = "from and to must differ")
@ValidationRule(
    value =
        "!isCIDR(self.from) || !isCIDR(self.to)"
            + " || cidr(self.from).prefixLength() == cidr(self.to).prefixLength()",
    message = "from and to must have the same prefix length")
@ValidationRule(
    value =
        "!isCIDR(self.from) || !isCIDR(self.to)"
            + " || cidr(self.from).ip().family() == cidr(self.to).ip().family()",
    message = "from and to must be of the same IP family")
public class PrefixMapping {

  @Required
  @Size(max = ApiConstants.MAX_CIDR)
  @Pattern(ApiConstants.CIDR_PATTERN)
  @ValidationRule(
      value = ApiConstants.CEL_CANONICAL_CIDR,
      message = "from must be a canonical CIDR with no host bits set")
  @JsonPropertyDescription("The real range, inside the attachment's cidrs.")
  public String from;

  @Required
  @Size(max = ApiConstants.MAX_CIDR)
  @Pattern(ApiConstants.CIDR_PATTERN)
  @ValidationRule(
      value = ApiConstants.CEL_CANONICAL_CIDR,
      message = "to must be a canonical CIDR with no host bits set")
  @JsonPropertyDescription("The range other networks see; free of every real range in the domain.")
  public String to;

  /** An empty mapping, for deserialization. */
  public PrefixMapping() {}

  /** The mapping {@code from -> to}. */
  public PrefixMapping(String from, String to) {
    this.from = from;
    this.to = to;
  }
}
