package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** Who may attach to the hub from other namespaces, and whether the hub owner must accept them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SharingSpec {

  @Size(max = ApiConstants.MAX_REFS)
  @JsonPropertyDescription(
      "Namespaces allowed to attach; the hub's own namespace is always allowed.")
  public List<@Size(max = ApiConstants.MAX_LABEL) @Pattern(ApiConstants.LABEL_PATTERN) String>
      namespaces;

  @JsonPropertyDescription("Namespaces allowed to attach, chosen by their labels.")
  public LabelSelector namespaceSelector;

  @JsonPropertyDescription(
      "Cross-namespace attachments wait until the hub owner lists them in accepted.")
  public Boolean requireAcceptance;

  @Size(max = ApiConstants.MAX_REFS)
  @JsonPropertyDescription("Accepted cross-namespace attachments, as namespace/name.")
  public List<
          @Size(max = ApiConstants.MAX_REF) @Pattern(ApiConstants.NAMESPACED_NAME_PATTERN) String>
      accepted;
}
