package io.vth.operator.model;

import static io.vth.operator.Fixtures.hub;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vth.api.v1alpha1.NodeCount;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import java.util.List;
import java.util.Map;
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
  void dataplanePodsFindEachOtherThroughAHeadlessServiceListingPodsBeforeTheyAreReady() {
    VirtualTrafficHub corp = hub("net", "corp", "a", "b");
    CellLayout layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());

    var service = CellWorkloads.dataplanePeerService(corp, layout);

    assertThat(service.getMetadata().getName()).isEqualTo("corp-dataplane-peers");
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(service.getSpec().getSelector())
        .containsEntry(CellLabels.CELL, "corp")
        .containsEntry(CellLabels.ROLE, "dataplane");
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(4792);
              assertThat(p.getProtocol()).isEqualTo("UDP");
            });
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
            "--peer-service",
            "corp-dataplane-peers.net.svc",
            "--http-port",
            "8080",
            "--cell-key-file",
            "/var/run/vth/cell-key/keys");
    assertThat(dataplane.getPorts())
        .anySatisfy(
            p -> {
              assertThat(p.getContainerPort()).isEqualTo(4789);
              assertThat(p.getProtocol()).isEqualTo("UDP");
            })
        .anySatisfy(
            p -> {
              assertThat(p.getName()).isEqualTo("peer");
              assertThat(p.getContainerPort()).isEqualTo(4792);
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

  @Test
  void podsRunAsTheCellsOwnAccountUnderTheRestrictedStandardWithLimits() {
    VirtualTrafficHub corp = hub("net", "corp", "a");
    CellLayout layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());

    for (Deployment d : CellWorkloads.deployments(corp, layout, SETTINGS)) {
      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getServiceAccountName()).isEqualTo("corp-cell");
      assertThat(pod.getAutomountServiceAccountToken()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      var c = pod.getContainers().get(0);
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getVolumeMounts())
          .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
      // Memory is request and limit, and the JVM sizes its heap from the limit.
      var resources = c.getResources();
      assertThat(resources.getLimits().get("memory"))
          .isEqualTo(resources.getRequests().get("memory"));
      assertThat(resources.getRequests()).containsKey("cpu");
      assertThat(c.getEnv())
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
                assertThat(e.getValue()).contains("-XX:MaxRAMPercentage=50");
              });
      // A slow start is not a failed liveness probe.
      assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold())
          .isGreaterThanOrEqualTo(120);
      // Spread over the zone's nodes, never left pending for it.
      var spread = pod.getTopologySpreadConstraints().get(0);
      assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(spread.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
      assertThat(spread.getLabelSelector().getMatchLabels())
          .isEqualTo(d.getSpec().getSelector().getMatchLabels());
    }
    assertThat(
            CellWorkloads.deployments(corp, layout, SETTINGS)
                .get(0)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits()
                .get("memory")
                .toString())
        .isEqualTo("512Mi");
  }

  @Test
  void theInstallersPlacementAndResourcesReachEveryPod() {
    VirtualTrafficHub corp = hub("net", "corp", "a");
    CellLayout layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());
    CellPodSettings pods =
        new CellPodSettings(
            new CellPodSettings.Resources("100m", "256Mi"),
            new CellPodSettings.Resources("2", "2Gi"),
            List.of("registry-credentials"),
            Map.of("example.com/network", "true"),
            List.of(
                new TolerationBuilder()
                    .withKey("dedicated")
                    .withOperator("Equal")
                    .withValue("network")
                    .withEffect("NoSchedule")
                    .build()),
            "network-critical",
            10001,
            70);
    OperatorSettings settings =
        new OperatorSettings("decision:1", "dataplane:1", "IfNotPresent", "ClusterIP", pods);

    List<Deployment> ds = CellWorkloads.deployments(corp, layout, settings);

    for (Deployment d : ds) {
      var pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getImagePullSecrets())
          .extracting(r -> r.getName())
          .containsExactly("registry-credentials");
      assertThat(pod.getNodeSelector()).containsEntry("example.com/network", "true");
      assertThat(pod.getTolerations()).extracting(t -> t.getKey()).containsExactly("dedicated");
      assertThat(pod.getPriorityClassName()).isEqualTo("network-critical");
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
      // The zone pin stays whatever the installer selects.
      assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    }
    var dataplane = ds.get(0).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(dataplane.getResources().getLimits().get("memory").toString()).isEqualTo("2Gi");
    assertThat(dataplane.getResources().getRequests().get("cpu").toString()).isEqualTo("2");
    var decision = ds.get(1).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(decision.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
    assertThat(decision.getEnv())
        .anySatisfy(e -> assertThat(e.getValue()).contains("-XX:MaxRAMPercentage=70"));
    // New resources roll the pods.
    assertThat(hash(ds.get(0)))
        .isNotEqualTo(hash(CellWorkloads.deployments(corp, layout, SETTINGS).get(0)));
  }

  @Test
  void theCellsAccountMayReadItsOwnConfigMapOnly() {
    VirtualTrafficHub corp = hub("net", "corp", "a");
    CellLayout layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());

    var account = CellAccess.serviceAccount(corp, layout);
    var role = CellAccess.role(corp, layout);
    var binding = CellAccess.roleBinding(corp, layout);

    assertThat(account.getMetadata().getNamespace()).isEqualTo("net");
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(role.getRules()).hasSize(1);
    var rule = role.getRules().get(0);
    assertThat(rule.getApiGroups()).containsExactly("");
    assertThat(rule.getResources()).containsExactly("configmaps");
    assertThat(rule.getResourceNames()).containsExactly("corp-decision-config");
    assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo("net");
            });
  }

  @Test
  void theCellsKeyIsASecretOnlyTheCellsPodsMountReadOnly() {
    VirtualTrafficHub corp = hub("net", "corp", "a");
    CellLayout layout = CellLayout.of("corp", corp.getSpec().cell, Set.of());
    byte[] key = io.vth.core.seal.CellKeys.generate();

    var secret = CellAccess.keySecret(corp, layout, key);

    assertThat(secret.getMetadata().getName()).isEqualTo("corp-cell-key");
    assertThat(secret.getMetadata().getOwnerReferences()).hasSize(1);
    String text =
        new String(
            java.util.Base64.getDecoder().decode(secret.getData().get("keys")),
            java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(io.vth.core.seal.CellKeys.parse(text).fingerprint(0))
        .isEqualTo(io.vth.core.seal.CellKeys.of(key).fingerprint(0));
    for (Deployment d : CellWorkloads.deployments(corp, layout, SETTINGS)) {
      var spec = d.getSpec().getTemplate().getSpec();
      assertThat(spec.getVolumes())
          .anySatisfy(
              v -> {
                assertThat(v.getSecret()).isNotNull();
                assertThat(v.getSecret().getSecretName()).isEqualTo("corp-cell-key");
                assertThat(v.getSecret().getDefaultMode()).isEqualTo(0440);
              });
      assertThat(spec.getSecurityContext().getFsGroup())
          .isEqualTo(spec.getSecurityContext().getRunAsUser());
      assertThat(spec.getContainers().get(0).getVolumeMounts())
          .anySatisfy(
              m -> {
                assertThat(m.getMountPath()).isEqualTo("/var/run/vth/cell-key");
                assertThat(m.getReadOnly()).isTrue();
              });
      assertThat(spec.getContainers().get(0).getArgs())
          .containsSubsequence("--cell-key-file", "/var/run/vth/cell-key/keys");
    }
  }

  private static String hash(Deployment d) {
    return d.getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(CellLabels.START_CONFIG_HASH);
  }
}
