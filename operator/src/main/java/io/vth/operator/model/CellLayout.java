package io.vth.operator.model;

import io.vth.api.v1alpha1.CellSpec;
import io.vth.api.v1alpha1.NodeCount;
import java.util.Collection;
import java.util.List;

/**
 * Where a cell's pods run and how many: the zones (from the spec, else those found on the nodes,
 * else one unpinned zone) and the replicas per zone of each role, within the spec's bounds.
 *
 * @param cell the cell's name
 * @param zones the zones, sorted unless the spec lists them
 * @param pinned whether pods are pinned to their zone by node affinity
 * @param dataplanePerZone dataplane pods per zone
 * @param decisionPerZone decision pods per zone
 */
public record CellLayout(
    String cell, List<String> zones, boolean pinned, int dataplanePerZone, int decisionPerZone) {

  /** The zone name used when neither the spec nor the nodes name any. */
  public static final String UNPINNED_ZONE = "default";

  /** Defaults of {@code spec.cell.actionNodes}. */
  public static final NodeCount DATAPLANE_DEFAULT = new NodeCount(2, 1, 16);

  /** Defaults of {@code spec.cell.decisionNodes}. */
  public static final NodeCount DECISION_DEFAULT = new NodeCount(1, 1, 4);

  /** The layout of cell {@code cell} for {@code spec}, given the zones found on nodes. */
  public static CellLayout of(String cell, CellSpec spec, Collection<String> nodeZones) {
    CellSpec s = spec == null ? new CellSpec() : spec;
    List<String> zones;
    if (s.zones != null && !s.zones.isEmpty()) {
      zones = s.zones.stream().distinct().toList();
    } else {
      zones =
          nodeZones.stream().filter(z -> z != null && !z.isBlank()).distinct().sorted().toList();
    }
    boolean pinned = !zones.isEmpty();
    return new CellLayout(
        cell,
        pinned ? zones : List.of(UNPINNED_ZONE),
        pinned,
        replicas(s.actionNodes, DATAPLANE_DEFAULT),
        replicas(s.decisionNodes, DECISION_DEFAULT));
  }

  /** {@code count.perZone} (or the default) clamped into {@code [min, max]}. */
  static int replicas(NodeCount count, NodeCount defaults) {
    NodeCount c = count == null ? defaults : count;
    int per = c.perZone != null ? c.perZone : defaults.perZone;
    int min = c.min != null ? c.min : Math.min(defaults.min, per);
    int max = c.max != null ? c.max : Math.max(defaults.max, per);
    return Math.max(min, Math.min(max, per));
  }
}
