package io.vth.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The cell of a hub: where its pods run and how many there are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CellSpec {

  /** Whether a hub has a cell of its own. */
  public enum Tenancy {
    Dedicated,
    Shared
  }

  @Size(max = 16)
  @JsonPropertyDescription(
      "Zones (topology.kubernetes.io/zone values) to spread the cell over;"
          + " default: the zones found on the cluster's nodes.")
  public List<@Size(max = 63) @Pattern("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$") String> zones;

  @JsonPropertyDescription("Dataplane pods (fast path) per zone.")
  public NodeCount actionNodes;

  @JsonPropertyDescription("Decision pods (slow path) per zone.")
  public NodeCount decisionNodes;

  @Default("Dedicated")
  @JsonPropertyDescription(
      "Dedicated: the hub has its own cell. Shared: it may share a cell with other hubs.")
  public Tenancy tenancy;

  @JsonPropertyDescription(
      "How many dataplane pods serve each attachment, and how much two shards overlap.")
  public ShuffleShardSpec shuffleShard;
}
