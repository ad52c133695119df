package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** A pod count per zone with the bounds it may be scaled within. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.min) || !has(self.max) || self.min <= self.max",
    message = "min must not exceed max")
@ValidationRule(
    value =
        "!has(self.perZone) || ((!has(self.min) || self.perZone >= self.min)"
            + " && (!has(self.max) || self.perZone <= self.max))",
    message = "perZone must lie within min and max")
public class NodeCount {

  @Min(0)
  @Max(64)
  @JsonPropertyDescription("Pods per zone.")
  public Integer perZone;

  @Min(0)
  @Max(64)
  @JsonPropertyDescription("Fewest pods per zone.")
  public Integer min;

  @Min(1)
  @Max(64)
  @JsonPropertyDescription("Most pods per zone.")
  public Integer max;

  /** An empty count, for deserialization. */
  public NodeCount() {}

  /** A count of {@code perZone} pods within {@code [min, max]}. */
  public NodeCount(int perZone, int min, int max) {
    this.perZone = perZone;
    this.min = min;
    this.max = max;
  }
}
