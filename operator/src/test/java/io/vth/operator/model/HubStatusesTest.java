package io.vth.operator.model;

import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.vth.api.v1alpha1.CellSpec;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.StaticRoute;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.api.v1alpha1.VirtualTrafficHubStatus;
import io.vth.operator.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hub's conditions say what works and what does not. */
class HubStatusesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void readyNeedsReadyPodsOfBothRolesInEveryZone() {
    VirtualTrafficHub h = hub("net", "corp", "a", "b");

    VirtualTrafficHubStatus half =
        status(h, Map.of("corp-dataplane-a", 2, "corp-decision-a", 1, "corp-dataplane-b", 2));
    VirtualTrafficHubStatus full =
        status(
            h,
            Map.of(
                "corp-dataplane-a",
                2,
                "corp-decision-a",
                1,
                "corp-dataplane-b",
                2,
                "corp-decision-b",
                1));

    assertThat(condition(half, "CellReady").message).contains("zone(s) b");
    assertThat(condition(half, "Ready").status).isEqualTo(Condition.Status.False);
    assertThat(condition(full, "Ready").status).isEqualTo(Condition.Status.True);
    assertThat(condition(full, "Degraded").status).isEqualTo(Condition.Status.False);
    assertThat(full.configGeneration).isEqualTo(3);
  }

  @Test
  void skippedStaticRoutesAndSharedTenancyDegradeTheHub() {
    VirtualTrafficHub h = Fixtures.withDomains(hub("net", "corp", "a"), "default");
    StaticRoute r = new StaticRoute();
    r.prefix = "0.0.0.0/0";
    r.attachment = "net/nobody";
    h.getSpec().routingDomains.get(0).staticRoutes = List.of(r);

    assertThat(condition(status(h, Map.of()), "Degraded").reason).isEqualTo("StaticRoutesSkipped");
    assertThat(condition(status(h, Map.of()), "Degraded").message)
        .contains("spec.routingDomains[0].staticRoutes[0].attachment", "net/nobody");

    h.getSpec().cell.tenancy = CellSpec.Tenancy.Shared;
    assertThat(condition(status(h, Map.of()), "Degraded").reason)
        .isEqualTo("SharedTenancyNotSupported");
  }

  private static VirtualTrafficHubStatus status(VirtualTrafficHub h, Map<String, Integer> ready) {
    HubPlan plan = HubPlanner.plan(new HubPlanner.Inputs(h, List.of(), List.of(), Map.of()));
    CellLayout layout = CellLayout.of("corp", h.getSpec().cell, Set.of());
    return HubStatuses.of(h, plan, layout, 3, "net/corp-decision-config", ready, NOW);
  }

  private static Condition condition(VirtualTrafficHubStatus s, String type) {
    return ConditionSet.find(s.conditions, type);
  }
}
