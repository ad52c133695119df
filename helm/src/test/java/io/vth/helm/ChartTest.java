package io.vth.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chart rendered by real Helm (helm-java): lint, template, schema, RBAC, CRDs. */
class ChartTest {

  private static final Set<String> VTH_RESOURCES =
      Set.of("virtualtraffichubs", "hubattachments", "translationmappings", "dnspolicies");

  @ParameterizedTest
  @ValueSource(strings = {"defaults", "all-features"})
  void lintsCleanInStrictModeAndEachVariantRenders(String variant) {
    var lint = new Helm(Chart.dir()).lint().strict();
    // helm-java's lint takes no values file: the variant's values are checked by template below.
    LintResult result = lint.call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(Chart.parse(Chart.template(Chart.variants().get(variant)))).isNotEmpty();
  }

  @Test
  void defaultValuesRenderTheOperatorItsAccountRbacAndMetricsService() {
    List<HasMetadata> objects = Chart.parse(Chart.template());

    assertThat(objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
        .contains(
            "ServiceAccount/vth-operator",
            "ClusterRole/vth-operator-read",
            "ClusterRole/vth-operator-manage",
            "ClusterRoleBinding/vth-operator-read",
            "ClusterRoleBinding/vth-operator-manage",
            "Role/vth-operator-leader-election",
            "RoleBinding/vth-operator-leader-election",
            "Deployment/vth-operator",
            "Service/vth-operator-metrics")
        .noneMatch(s -> s.startsWith("ServiceMonitor/"));
    // Typed by Fabric8, not generic: each is a Kubernetes object Fabric8 knows.
    assertThat(objects).noneMatch(GenericKubernetesResource.class::isInstance);
    assertThat(objects)
        .filteredOn(o -> !(o instanceof ClusterRole || o instanceof ClusterRoleBinding))
        .filteredOn(o -> !(o instanceof CustomResourceDefinition))
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));

    Deployment d = only(objects, Deployment.class);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/vth-project/vth-operator:" + appVersion());
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
    assertThat(c.getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    var sc = c.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var podSc = d.getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(podSc.getRunAsNonRoot()).isTrue();
    assertThat(podSc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("vth-operator");

    Map<String, String> env = env(c);
    assertThat(env)
        .containsEntry(
            "VTH_IMAGES_DECISION", "ghcr.io/vth-project/vth-decision-pod:" + appVersion())
        .containsEntry(
            "VTH_IMAGES_DATAPLANE", "ghcr.io/vth-project/vth-dataplane-pod:" + appVersion())
        .containsEntry("VTH_IMAGES_PULL_POLICY", "IfNotPresent")
        .containsEntry("VTH_ENDPOINT_SERVICE_TYPE", "LoadBalancer")
        .containsEntry("VTH_LEADER_ELECTION_LEASE_NAME", "vth-operator-lease")
        // all namespaces: the Operator SDK's default, so the variable is left out
        .doesNotContainKey("QUARKUS_OPERATOR_SDK_NAMESPACES");

    Service metrics = only(objects, Service.class);
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void everyOptionalFeatureRenders() {
    List<HasMetadata> objects =
        Chart.parse(Chart.template(t -> t.withValuesFile(Chart.values("all-features.yaml"))));

    assertThat(only(objects, ServiceAccount.class).getMetadata().getName()).isEqualTo("vth-all-sa");
    GenericKubernetesResource monitor = only(objects, GenericKubernetesResource.class);
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");

    Deployment d = only(objects, Deployment.class);
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getImagePullSecrets().get(0).getName()).isEqualTo("registry-credentials");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/owner", "network-team");
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example.com/vth/vth-operator:1.2.3");
    assertThat(c.getImagePullPolicy()).isEqualTo("Always");
    assertThat(env(c))
        .containsEntry("VTH_IMAGES_DECISION", "registry.example.com/vth/vth-decision-pod:1.2.3")
        .containsEntry("VTH_IMAGES_DATAPLANE", "registry.example.com/vth/vth-dataplane-pod:1.2.4")
        .containsEntry("VTH_IMAGES_PULL_POLICY", "Always")
        .containsEntry("VTH_ENDPOINT_SERVICE_TYPE", "LoadBalancer")
        .containsEntry("VTH_LEADER_ELECTION_LEASE_NAME", "vth-all-lease")
        .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b")
        .containsEntry("QUARKUS_LOG_LEVEL", "DEBUG")
        .containsEntry("VTH_CELL_DECISION_CPU", "100m")
        .containsEntry("VTH_CELL_DECISION_MEMORY", "256Mi")
        .containsEntry("VTH_CELL_DATAPLANE_CPU", "1")
        .containsEntry("VTH_CELL_DATAPLANE_MEMORY", "1Gi")
        .containsEntry("VTH_CELL_HEAP_PERCENT", "60")
        .containsEntry("VTH_CELL_RUN_AS_USER", "10001")
        // The cell's pull secrets default to the chart's, by name, in each hub's namespace.
        .containsEntry("VTH_CELL_IMAGE_PULL_SECRETS", "registry-credentials")
        .containsEntry("VTH_CELL_NODE_SELECTOR", "{\"example.com/network\":\"true\"}")
        .containsEntry(
            "VTH_CELL_TOLERATIONS",
            "[{\"effect\":\"NoSchedule\",\"key\":\"dedicated\",\"operator\":\"Equal\","
                + "\"value\":\"network\"}]")
        .containsEntry("VTH_CELL_PRIORITY_CLASS_NAME", "network-critical");
    // Two replicas: a budget keeps one through drains.
    PodDisruptionBudget budget = only(objects, PodDisruptionBudget.class);
    assertThat(budget.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());

    // Watched namespaces: the write permissions are bound in those namespaces only.
    assertThat(objects)
        .filteredOn(ClusterRoleBinding.class::isInstance)
        .extracting(o -> o.getMetadata().getName())
        .containsExactly("vth-all-operator-read");
    assertThat(objects)
        .filteredOn(RoleBinding.class::isInstance)
        .extracting(o -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "team-a/vth-all-operator-manage",
            "team-b/vth-all-operator-manage",
            "vth-system/vth-all-operator-leader-election");
    Service metrics = only(objects, Service.class);
    assertThat(metrics.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
  }

  @Test
  void oneReplicaHasNoDisruptionBudgetAndCellPodsGetDefaults() {
    List<HasMetadata> objects = Chart.parse(Chart.template());

    assertThat(objects).noneMatch(PodDisruptionBudget.class::isInstance);
    Container c =
        only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(c))
        .containsEntry("VTH_CELL_DATAPLANE_MEMORY", "512Mi")
        .containsEntry("VTH_CELL_RUN_AS_USER", "65532")
        .containsEntry("VTH_CELL_NETWORK_POLICY", "true")
        .doesNotContainKeys(
            "VTH_CELL_IMAGE_PULL_SECRETS", "VTH_CELL_NODE_SELECTOR", "VTH_CELL_TOLERATIONS");
  }

  @Test
  void theCellNetworkPolicySettingReachesTheOperator() {
    Container c =
        only(
                Chart.parse(Chart.template(t -> t.set("cell.networkPolicy", "false"))),
                Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);

    assertThat(env(c)).containsEntry("VTH_CELL_NETWORK_POLICY", "false");
  }

  @Test
  void aClusterOlderThanTheCrdsNeedIsRefused() {
    assertThatThrownBy(() -> Chart.template(t -> t.withKubeVersion("1.30.4")))
        .hasMessageContaining(">=1.31.0-0");
  }

  @Test
  void badCellValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> Chart.template(t -> t.set("cell.resources.dataplane.memory", "lots")))
        .hasMessageContaining("memory");
    assertThatThrownBy(() -> Chart.template(t -> t.set("cell.heapPercent", "95")))
        .hasMessageContaining("heapPercent");
  }

  @Test
  void aServiceMonitorWithoutTheMetricsServiceIsRefused() {
    assertThatThrownBy(
            () ->
                Chart.template(
                    t ->
                        t.set("metrics.serviceMonitor.enabled", "true")
                            .set("metrics.service.enabled", "false")))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }

  /**
   * Every (apiGroup, resource, verb) of the RBAC the Operator SDK generates from the reconcilers'
   * {@code @RBACRule}s is granted by the chart, in the scope the operator uses it: cluster-wide by
   * default; with watched namespaces, in each of them (nodes and namespaces cluster-wide); Leases
   * in the release namespace.
   */
  @ParameterizedTest
  @ValueSource(strings = {"defaults", "all-features"})
  void theChartGrantsEveryPermissionTheOperatorsGeneratedRbacHas(String variant) {
    List<HasMetadata> generated = Chart.parse(readGeneratedManifests());
    Set<Grants.Grant> required =
        Grants.of(generated, "vth-system", "vth-operator").grants().stream()
            .filter(g -> g.namespace().equals(Grants.CLUSTER))
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    assertThat(required)
        .as("rules of operator/target/kubernetes/kubernetes.yml")
        .hasSizeGreaterThan(50);

    boolean all = variant.equals("all-features");
    List<HasMetadata> chart = Chart.parse(Chart.template(Chart.variants().get(variant)));
    String account = all ? "vth-all-sa" : "vth-operator";
    Grants granted = Grants.of(chart, Chart.NAMESPACE, account);
    List<String> watched = all ? List.of("team-a", "team-b") : List.of();

    Set<String> missing = new TreeSet<>();
    for (Grants.Grant g : required) {
      for (String scope : scopes(g, watched)) {
        if (!granted.allows(scope, g.apiGroup(), g.resource(), g.verb())) {
          missing.add(new Grants.Grant(scope, g.apiGroup(), g.resource(), g.verb()).toString());
        }
      }
    }
    assertThat(missing)
        .as("permissions of the operator's generated RBAC the chart (%s) does not grant", variant)
        .isEmpty();

    // Hubs, attachments, mappings and DNS policies are read across namespaces in every variant.
    for (String r : VTH_RESOURCES) {
      for (String v : List.of("get", "list", "watch")) {
        assertThat(granted.allows(Grants.CLUSTER, "vth.io", r, v)).as("%s %s", r, v).isTrue();
      }
    }
  }

  @Test
  void theChartGrantsTheDnsPolicyPermissionsAndNothingBroad() {
    List<HasMetadata> chart = Chart.parse(Chart.template());
    Grants granted = Grants.of(chart, Chart.NAMESPACE, "vth-operator");
    for (String v : List.of("get", "list", "watch", "patch", "update")) {
      assertThat(granted.allows(Grants.CLUSTER, "vth.io", "dnspolicies", v)).as(v).isTrue();
    }
    for (String v : List.of("get", "patch", "update")) {
      assertThat(granted.allows(Grants.CLUSTER, "vth.io", "dnspolicies/status", v)).as(v).isTrue();
    }
    assertThat(granted.allows(Grants.CLUSTER, "", "events", "create")).isTrue();
    assertThat(granted.allows(Grants.CLUSTER, "", "events", "patch")).isTrue();
    // Leases only in the release namespace.
    assertThat(granted.allows(Grants.CLUSTER, "coordination.k8s.io", "leases", "update")).isFalse();
    assertThat(granted.allows(Chart.NAMESPACE, "coordination.k8s.io", "leases", "update")).isTrue();
    assertThat(granted.allows(Chart.NAMESPACE, "coordination.k8s.io", "leases", "patch")).isTrue();

    List<PolicyRule> rules = new ArrayList<>();
    chart.stream()
        .filter(ClusterRole.class::isInstance)
        .forEach(r -> rules.addAll(((ClusterRole) r).getRules()));
    chart.stream().filter(Role.class::isInstance).forEach(r -> rules.addAll(((Role) r).getRules()));
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs()).doesNotContain("*");
              assertThat(r.getResources()).doesNotContain("*");
              assertThat(r.getApiGroups()).doesNotContain("*");
            });
  }

  /**
   * Each cell's NetworkPolicy and key Secret are written where the cell lives: cluster-wide by
   * default, only in the watched namespaces when they are set; never {@code deletecollection}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"defaults", "all-features"})
  void theChartGrantsTheCellsNetworkPolicyAndKeySecretWhereHubsLive(String variant) {
    boolean all = variant.equals("all-features");
    List<HasMetadata> chart = Chart.parse(Chart.template(Chart.variants().get(variant)));
    Grants granted = Grants.of(chart, Chart.NAMESPACE, all ? "vth-all-sa" : "vth-operator");
    List<String> scopes = all ? List.of("team-a", "team-b") : List.of(Grants.CLUSTER);
    List<String> verbs = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    for (String scope : scopes) {
      for (String v : verbs) {
        assertThat(granted.allows(scope, "networking.k8s.io", "networkpolicies", v))
            .as("networkpolicies %s in %s", v, scope)
            .isTrue();
      }
      // Secrets: only what creating and reading a cell's key by name needs; no other Secret's
      // content can be listed or watched.
      for (String v : verbs) {
        assertThat(granted.allows(scope, "", "secrets", v))
            .as("secrets %s in %s", v, scope)
            .isEqualTo(v.equals("get") || v.equals("create"));
      }
      assertThat(granted.allows(scope, "networking.k8s.io", "networkpolicies", "deletecollection"))
          .isFalse();
      assertThat(granted.allows(scope, "", "secrets", "deletecollection")).isFalse();
    }
    if (all) {
      assertThat(granted.allows("team-c", "", "secrets", "get"))
          .as("outside the watched")
          .isFalse();
      assertThat(granted.allows("team-c", "networking.k8s.io", "networkpolicies", "create"))
          .isFalse();
    }
  }

  @Test
  void valuesOutsideTheSchemaAreRejected() {
    assertRejected(t -> t.set("operatorr.replicas", "2"), "operatorr");
    assertRejected(t -> t.set("operator.image.registry", "x"), "registry");
    assertRejected(t -> t.set("operator.replicas", "many"), "replicas");
    assertRejected(t -> t.set("endpointServiceType", "ExternalName"), "endpointServiceType");
    assertRejected(t -> t.set("cellImages.pullPolicy", "Sometimes"), "pullPolicy");
    assertRejected(t -> t.set("watchNamespaces[0]", "Team_A"), "watchNamespaces");
    assertRejected(t -> t.set("metrics.service.port", "70000"), "port");
    assertRejected(t -> t.set("metrics.serviceMonitor.interval", "often"), "interval");
    assertRejected(t -> t.set("cell.networkPolicy", "sometimes"), "networkPolicy");
  }

  private static void assertRejected(UnaryOperator<TemplateCommand> values, String field) {
    assertThatThrownBy(() -> Chart.template(values))
        .as("values naming %s", field)
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(field);
  }

  @Test
  void theChartsCrdsAreTheGeneratedOnes() throws IOException {
    Path generated = Chart.repoRoot().resolve("crds/generated");
    Path inChart = Chart.dir().resolve("crds");
    String refresh = "refresh them with: ./mvnw -o -pl helm -Pupdate-chart-crds process-resources";
    Set<String> want = fileNames(generated);
    assertThat(want).as("CRDs in crds/generated").hasSize(4);
    assertThat(fileNames(inChart)).as("helm/vth/crds is stale: " + refresh).isEqualTo(want);
    for (String f : want) {
      if (!Files.readString(generated.resolve(f)).equals(Files.readString(inChart.resolve(f)))) {
        fail("helm/vth/crds/" + f + " differs from crds/generated/" + f + ": " + refresh);
      }
    }
    // Each file of the chart's crds/ (which `helm template` leaves out) is a CRD Fabric8 parses.
    List<String> names = new ArrayList<>();
    for (String f : want) {
      for (HasMetadata o : Chart.parse(Files.readString(inChart.resolve(f)))) {
        assertThat(o).as(f).isInstanceOf(CustomResourceDefinition.class);
        names.add(o.getMetadata().getName());
      }
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "virtualtraffichubs.vth.io",
            "hubattachments.vth.io",
            "translationmappings.vth.io",
            "dnspolicies.vth.io");
  }

  /** Where the operator needs {@code g}: cluster-wide, the watched namespaces, or its own. */
  private static List<String> scopes(Grants.Grant g, List<String> watched) {
    if (g.resource().equals("leases")) {
      return List.of(Chart.NAMESPACE);
    }
    if (watched.isEmpty()
        || g.resource().equals("nodes")
        || g.resource().equals("namespaces")
        || (g.apiGroup().equals("vth.io")
            && VTH_RESOURCES.contains(g.resource())
            && Set.of("get", "list", "watch").contains(g.verb()))) {
      return List.of(Grants.CLUSTER);
    }
    return watched;
  }

  private static String readGeneratedManifests() {
    Path file = Chart.repoRoot().resolve("operator/target/kubernetes/kubernetes.yml");
    if (!Files.isRegularFile(file)) {
      fail(
          file
              + " is missing: the operator's build writes it in the package phase. Run"
              + " `./mvnw -o -pl helm -am verify` (the reactor builds the operator first) or"
              + " `./mvnw -o -pl operator -am package -DskipTests`.");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static String appVersion() {
    return Chart.appVersion();
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertThat(found).as("objects of kind %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
