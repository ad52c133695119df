package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to another vth object by name and, optionally, namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectRef {

  @Required
  @Size(min = 1, max = ApiConstants.MAX_NAME)
  @Pattern(ApiConstants.NAME_PATTERN)
  @JsonPropertyDescription("Name of the referenced object.")
  public String name;

  @Size(max = ApiConstants.MAX_LABEL)
  @Pattern(ApiConstants.LABEL_PATTERN)
  @JsonPropertyDescription(
      "Namespace of the referenced object; default: the referring object's namespace.")
  public String namespace;

  /** An empty reference, for deserialization. */
  public ObjectRef() {}

  /** A reference to {@code namespace/name}. */
  public ObjectRef(String name, String namespace) {
    this.name = name;
    this.namespace = namespace;
  }
}
