package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * How the networks of a hub reach it: the Service each attachment's network sends its VXLAN traffic
 * to.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointSpec {

  /** Kubernetes Service types an attachment's endpoint can have. */
  public enum ServiceType {
    ClusterIP,
    NodePort,
    LoadBalancer
  }

  @JsonPropertyDescription(
      "Type of each attachment's Service. LoadBalancer: the address a cloud load balancer gives;"
          + " NodePort: a node running one of the attachment's dataplane pods, at the Service's node"
          + " port; both keep the network's tunnel address as the packets' source"
          + " (externalTrafficPolicy Local). ClusterIP: reachable from inside the cluster only."
          + " Default: the operator's setting (the chart's endpointServiceType).")
  public ServiceType serviceType;

  @Size(max = 32)
  @JsonPropertyDescription(
      "Annotations of each attachment's Service, e.g. a cloud provider's load balancer settings.")
  public Map<@Size(max = 4096) String, @Size(max = 4096) String> annotations;
}
