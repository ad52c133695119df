package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** The status fields every vth resource carries: the observed generation and the conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public abstract class VthStatus {

  @Min(0)
  @JsonPropertyDescription("The metadata.generation this status was computed from.")
  public Long observedGeneration;

  @Size(max = ApiConstants.MAX_CONDITIONS)
  @JsonPropertyDescription(
      "Conditions of the object. Ready is True only when the object is fully in effect.")
  public List<Condition> conditions = new ArrayList<>();
}
