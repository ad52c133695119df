package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Which attachment's addresses are translated, to what, who made the mapping and whether it is
 * approved.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.approved) || !self.approved || self.origin in ['Proposed', 'User']",
    message = "approved may only be true for origin Proposed or User")
public class TranslationMappingSpec {

  /** Who created a mapping. */
  public enum Origin {
    User,
    Proposed,
    Automatic
  }

  @Required
  @ValidationRule(value = "self == oldSelf", message = "hubRef is immutable")
  @JsonPropertyDescription("The hub in which the mapping applies. Immutable.")
  public ObjectRef hubRef;

  @Required
  @JsonPropertyDescription("The attachment whose real addresses are translated.")
  public ObjectRef attachmentRef;

  @Required
  @Size(min = 1, max = ApiConstants.MAX_CIDRS)
  @JsonPropertyDescription("1:1 prefix translations; from and to have equal prefix lengths.")
  public List<PrefixMapping> mappings;

  @Default("User")
  @JsonPropertyDescription("User, or Proposed/Automatic for mappings the operator created.")
  public Origin origin;

  @Default("false")
  @JsonPropertyDescription("A Proposed mapping is inert until this is true.")
  public Boolean approved;
}
