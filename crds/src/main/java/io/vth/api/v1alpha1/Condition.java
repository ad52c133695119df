package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Kubernetes-style status condition, shared by the status of every vth resource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {

  /** Whether a condition holds. */
  public enum Status {
    True,
    False,
    Unknown
  }

  @Required
  @Size(max = 64)
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  @JsonPropertyDescription("Type of the condition in CamelCase, such as Ready or Accepted.")
  public String type;

  @Required
  @JsonPropertyDescription("Whether the condition holds: True, False or Unknown.")
  public Status status;

  @Size(max = 128)
  @Pattern("^([A-Z][A-Za-z0-9]*)?$")
  @JsonPropertyDescription("Machine-readable CamelCase reason for the last transition.")
  public String reason;

  @Size(max = ApiConstants.MAX_MESSAGE)
  @JsonPropertyDescription("Human-readable message saying what happened and what to do about it.")
  public String message;

  @Size(max = 64)
  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  public String lastTransitionTime;

  @Min(0)
  @JsonPropertyDescription(
      "The metadata.generation of the object this condition was computed from.")
  public Long observedGeneration;

  /** An empty condition, for deserialization. */
  public Condition() {}

  /** A condition with the given type, status, reason and message. */
  public Condition(String type, Status status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }
}
