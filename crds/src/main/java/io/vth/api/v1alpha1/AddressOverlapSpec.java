package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How the hub handles attachments whose address ranges overlap within a routing domain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AddressOverlapSpec {

  /** The overlap policies; a user TranslationMapping always takes precedence over any of them. */
  public enum Policy {
    Reject,
    Notify,
    Propose,
    Automatic
  }

  @Default("Notify")
  @JsonPropertyDescription(
      "Reject: do not connect an overlapping attachment. Notify: connect its non-overlapping part and"
          + " report. Propose: create a TranslationMapping waiting for approval. Automatic: create and"
          + " use the mapping.")
  public Policy policy;

  @Default("100.64.0.0/10")
  @Size(max = ApiConstants.MAX_CIDR)
  @Pattern(ApiConstants.CIDR_PATTERN)
  @ValidationRule(
      value = ApiConstants.CEL_CANONICAL_CIDR,
      message =
          "translationPool must be a canonical CIDR with no host bits set, such as 100.64.0.0/10")
  @JsonPropertyDescription("Where Propose and Automatic take translated ranges from.")
  public String translationPool;
}
