package io.vth.operator.model;

import io.vth.api.v1alpha1.CellSpec;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.api.v1alpha1.VirtualTrafficHubStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The status of a hub: its cell, config generation, domains and conditions. */
public final class HubStatuses {

  /** Condition: every zone has a ready dataplane pod and a ready decision pod. */
  public static final String CELL_READY = "CellReady";

  /** Condition: the decision config is published. */
  public static final String CONFIG_PUBLISHED = "ConfigPublished";

  /** Condition: something works below what was asked. */
  public static final String DEGRADED = "Degraded";

  /** Condition: the hub serves traffic. */
  public static final String READY = "Ready";

  private HubStatuses() {}

  /**
   * The status of {@code hub} planned as {@code plan} on {@code layout}, with config generation
   * {@code generation} in ConfigMap {@code configMap} and {@code readyReplicas} per Deployment.
   */
  public static VirtualTrafficHubStatus of(
      VirtualTrafficHub hub,
      HubPlan plan,
      CellLayout layout,
      long generation,
      String configMap,
      Map<String, Integer> readyReplicas,
      Instant now) {
    ConditionSet c = ConditionSet.over(hub, now);
    VirtualTrafficHubStatus s = new VirtualTrafficHubStatus();
    s.observedGeneration = hub.getMetadata().getGeneration();
    s.configGeneration = generation;
    s.attachments = plan.accepted().size();
    s.cell = new VirtualTrafficHubStatus.CellStatus();
    s.cell.name = layout.cell();
    List<String> unready = new ArrayList<>();
    List<String> short_ = new ArrayList<>();
    for (String zone : layout.zones()) {
      VirtualTrafficHubStatus.ZoneStatus z = new VirtualTrafficHubStatus.ZoneStatus();
      z.zone = zone;
      String suffix = ObjectNames.zoneSuffix(zone);
      z.actionNodesReady =
          readyReplicas.getOrDefault(
              ObjectNames.workload(layout.cell(), CellLabels.ROLE_DATAPLANE, suffix), 0);
      z.decisionNodesReady =
          readyReplicas.getOrDefault(
              ObjectNames.workload(layout.cell(), CellLabels.ROLE_DECISION, suffix), 0);
      s.cell.zones.add(z);
      if (z.actionNodesReady == 0 || z.decisionNodesReady == 0) {
        unready.add(zone);
      }
      if (z.actionNodesReady < layout.dataplanePerZone()
          || z.decisionNodesReady < layout.decisionPerZone()) {
        short_.add(zone);
      }
    }
    plan.routes()
        .forEach(
            (name, routes) -> {
              VirtualTrafficHubStatus.DomainStatus d = new VirtualTrafficHubStatus.DomainStatus();
              d.name = name;
              d.attachments =
                  (int) plan.accepted().stream().filter(a -> a.domain().equals(name)).count();
              d.routes = routes.size();
              s.routingDomains.add(d);
            });
    if (plan.overlaps() != null) {
      for (OverlapResolver.Overlap o : plan.overlaps().overlaps()) {
        VirtualTrafficHubStatus.HubOverlap h = new VirtualTrafficHubStatus.HubOverlap();
        h.a = o.older();
        h.b = o.newer();
        h.ranges = o.ranges().stream().map(Object::toString).toList();
        s.overlaps.add(h);
      }
    }
    if (unready.isEmpty()) {
      c.set(CELL_READY, true, "PodsReady", "every zone has ready dataplane and decision pods");
    } else {
      c.set(
          CELL_READY,
          false,
          "PodsNotReady",
          "no ready dataplane or decision pod yet in zone(s) " + String.join(", ", unready));
    }
    c.set(
        CONFIG_PUBLISHED,
        true,
        "Published",
        "decision config generation " + generation + " published in ConfigMap " + configMap);
    boolean shared =
        hub.getSpec() != null
            && hub.getSpec().cell != null
            && hub.getSpec().cell.tenancy == CellSpec.Tenancy.Shared;
    if (shared) {
      c.set(
          DEGRADED,
          true,
          "SharedTenancyNotSupported",
          "spec.cell.tenancy: Shared is not supported yet; the hub runs a dedicated cell");
    } else if (!plan.problems().isEmpty()) {
      c.set(DEGRADED, true, "StaticRoutesSkipped", String.join("; ", plan.problems()));
    } else if (!short_.isEmpty()) {
      c.set(
          DEGRADED,
          true,
          "BelowDesiredReplicas",
          "fewer ready pods than asked in zone(s) " + String.join(", ", short_));
    } else {
      c.set(DEGRADED, false, "AsExpected", "the cell runs as asked");
    }
    if (c.isTrue(CELL_READY)) {
      c.set(READY, true, "Ready", "the cell is ready and serves config generation " + generation);
    } else {
      c.set(READY, false, "CellNotReady", "the cell is not ready: see condition CellReady");
    }
    s.conditions = c.conditions();
    return s;
  }
}
