package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * What each attachment of a hub may hold of a dataplane pod's resources that all attachments share,
 * so that one network flooding new flows or DNS queries cannot starve the others. Unset fields take
 * the defaults named in their descriptions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LimitsSpec {

  @Min(1)
  @Max(1_000_000)
  @JsonPropertyDescription(
      "New flows a second one attachment may send for a decision, per dataplane worker (bursts of"
          + " a fifth of it); more are dropped and counted as tenant_limit. Default 5000.")
  public Integer newFlowsPerSecond;

  @Min(1)
  @Max(4096)
  @JsonPropertyDescription(
      "Flows of one attachment waiting for a decision at once, per dataplane worker (its queued"
          + " packets: half of it). Default 1024.")
  public Integer waitingFlows;

  @Min(1)
  @Max(1024)
  @JsonPropertyDescription(
      "Queries of one attachment the hub's resolver has forwarded and waits an answer for."
          + " Default 256.")
  public Integer dnsPendingQueries;

  @Min(1)
  @Max(256)
  @JsonPropertyDescription(
      "DNS-over-TCP connections of one attachment to the hub's resolver; beyond it the"
          + " attachment's oldest is reset. Default 64.")
  public Integer dnsTcpConnections;
}
