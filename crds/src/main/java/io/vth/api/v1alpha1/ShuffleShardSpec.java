package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Shuffle sharding: each attachment gets K dataplane pods; two shards share at most L pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.size) || !has(self.maxOverlap) || self.maxOverlap < self.size",
    message = "maxOverlap must be smaller than size")
public class ShuffleShardSpec {

  @Min(1)
  @Max(64)
  @Default("3")
  @JsonPropertyDescription("K: dataplane pods per attachment.")
  public Integer size;

  @Min(0)
  @Max(63)
  @Default("1")
  @JsonPropertyDescription(
      "L: most pods that two attachments' shards may share, when the cell is big enough.")
  public Integer maxOverlap;
}
