package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Whether a mapping is in use, and why not. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TranslationMappingStatus extends VthStatus {

  /** The life cycle of a mapping. */
  public enum State {
    Active,
    PendingApproval,
    Conflict,
    Invalid
  }

  @JsonPropertyDescription("Active, PendingApproval, Conflict or Invalid.")
  public State state;

  @Size(max = 64)
  @JsonPropertyDescription(
      "What the mapping conflicts with, for example a real range in the domain.")
  public List<@Size(max = 1024) String> conflicts = new ArrayList<>();

  @Size(max = 64)
  @JsonPropertyDescription("When the mapping became active (RFC 3339).")
  public String activeSince;
}
