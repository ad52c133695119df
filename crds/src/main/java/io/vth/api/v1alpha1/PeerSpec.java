package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A link to another hub: routes flow between the matching routing domains of the two. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PeerSpec {

  @Required
  @JsonPropertyDescription("The linked hub.")
  public ObjectRef hubRef;
}
