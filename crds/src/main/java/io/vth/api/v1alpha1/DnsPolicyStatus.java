package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each network finds the hub's resolver (mode Endpoint), and whether the policy is in effect.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsPolicyStatus extends VthStatus {

  @Size(max = ApiConstants.MAX_REFS)
  @JsonPropertyDescription("Mode Endpoint: the resolver address each network points at.")
  public List<ResolverEndpoint> endpoints = new ArrayList<>();

  /** The hub's resolver in one network. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ResolverEndpoint {
    @Size(max = ApiConstants.MAX_REF)
    @JsonPropertyDescription("The attachment, as namespace/name.")
    public String attachment;

    @Size(max = ApiConstants.MAX_CIDR)
    @JsonPropertyDescription("The resolver address (the hub's gateway address in that network).")
    public String address;

    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("The resolver port.")
    public Integer port;
  }
}
