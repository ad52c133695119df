package io.vth.operator.model;

import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vth.api.v1alpha1.NodeCount;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Zones, replicas and the Deployments of a cell. */
class CellWorkloadsTest {

  private static final OperatorSettings SETTINGS =
      new OperatorSettings("decision:1", "dataplane:1", "IfNotPresent", "ClusterIP");

  @Test
  void zonesComeFromTheSpecElseFromTheNodesElseOneUnpinnedZone() {
    assertThat(CellLayout.of("c", hub("n", "c", "z2", "z1").getSpec().cell, Set.of("x")).zones())
        .containsExactly("z2", "z1");
    CellLayout discovered = CellLayout.of("c", hub("n", "c").getSpec().cell, Set.of("b", "a"));
    assertThat(discovered.zones()).containsExactly("a", "b");
    assertThat(discovered.pinned()).isTrue();
    CellLayout none = CellLayout.of("c", null, Set.of());
    assertThat(none.zones()).containsExactly(CellLayout.UNPINNED_ZONE);
    assertThat(none.pinned()).isFalse();
  }

  @Test
  void replicasStayWithinMinAndMax() {
    assertThat(CellLayout.replicas(new NodeCount(9, 1, 4), CellLayout.DATAPLANE_DEFAULT))
        .isEqualTo(4);
    assertThat(CellLayout.replicas(new NodeCount(0, 1, 4), CellLayout.DATAPLANE_DEFAULT))
        .isEqualTo(1);
    assertThat(CellLayout.replicas(null, CellLayout.DATAPLANE_DEFAULT)).isEqualTo(2);
  }

  @Test
  void eachZoneGetsPinnedDataplaneAndDecisionDeploymentsWithTheirContract() {
    VirtualTrafficHub corp = hub("net", "corp", "a", "b");
    CellLayout layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());

    List<Deployment> ds = CellWorkloads.deployments(corp, layout, SETTINGS);

    assertThat(ds)
        .extracting(d -> d.getMetadata().getName())
        .containsExactly(
            "corp-dataplane-a", "corp-decision-a", "corp-dataplane-b", "corp-decision-b");
    var dataplane = ds.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(dataplane.getImage()).isEqualTo("dataplane:1");
    assertThat(dataplane.getArgs())
        .containsExactly(
            "--configmap",
            "net/corp-decision-config",
            "--cell",
            "corp",
            "--zone",
            "a",
            "--decision-service",
            "corp-decision.net.svc",
            "--http-port",
            "8080");
    assertThat(dataplane.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getContainerPort()).isEqualTo(4789);
              assertThat(p.getProtocol()).isEqualTo("UDP");
            });
    var decision = ds.get(1).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(decision.getArgs()).containsSubsequence("--udp-port", "4791");
    assertThat(decision.getEnv())
        .anySatisfy(e -> assertThat(e.getName()).isEqualTo("VTH_CONFIGMAP"));
    assertThat(ds.get(0).getSpec().getSelector().getMatchLabels())
        .containsEntry(CellLabels.CELL, "corp")
        .containsEntry(CellLabels.ROLE, "dataplane")
        .containsEntry(CellLabels.ZONE, "a");
    assertThat(ds.get(0).getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "vth-operator");
    assertThat(CellWorkloads.disruptionBudgets(corp, layout)).hasSize(4);
  }

  @Test
  void theStartHashChangesWithWhatPodsNeedAtStart() {
    VirtualTrafficHub corp = hub("net", "corp", "a");
    CellLayout layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());
    String before = hash(CellWorkloads.deployments(corp, layout, SETTINGS).get(0));
    OperatorSettings newer =
        new OperatorSettings("decision:2", "dataplane:2", "Always", "ClusterIP");

    assertThat(hash(CellWorkloads.deployments(corp, layout, SETTINGS).get(0))).isEqualTo(before);
    assertThat(hash(CellWorkloads.deployments(corp, layout, newer).get(0))).isNotEqualTo(before);
  }

  @Test
  void longNamesAreShortenedButStayDistinct() {
    String a = ObjectNames.attachmentService("h".repeat(40), "team-a", "x".repeat(30));
    String b = ObjectNames.attachmentService("h".repeat(40), "team-b", "x".repeat(30));

    assertThat(a).hasSizeLessThanOrEqualTo(63).isNotEqualTo(b);
    assertThat(ObjectNames.zoneSuffix("EU_West.1a")).isEqualTo("eu-west-1a");
  }

  private static String hash(Deployment d) {
    return d.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(CellLabels.START_CONFIG_HASH);
  }
}
