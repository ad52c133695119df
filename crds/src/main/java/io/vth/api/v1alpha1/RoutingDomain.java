package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A routing domain: one route table of the hub, shared by the attachments that join it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RoutingDomain {

  @Required
  @Size(min = 1, max = ApiConstants.MAX_LABEL)
  @Pattern(ApiConstants.LABEL_PATTERN)
  @JsonPropertyDescription("Name of the domain, referred to by attachments' spec.routingDomain.")
  public String name;

  @Size(max = 1000)
  @JsonPropertyDescription("Routes added by the hub owner: to an attachment, or a blackhole.")
  public List<StaticRoute> staticRoutes;
}
