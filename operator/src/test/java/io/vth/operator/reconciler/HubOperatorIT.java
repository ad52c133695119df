package io.vth.operator.reconciler;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.dataplanePod;
import static io.vth.operator.Fixtures.hub;
import static io.vth.operator.Fixtures.inDomain;
import static io.vth.operator.Fixtures.withDomains;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.core.config.DecisionConfig;
import io.vth.decision.DecisionPodMain;
import io.vth.operator.model.CellLabels;
import io.vth.operator.model.ConditionSet;
import io.vth.pod.ConfigMapConfigSource;
import io.vth.pod.PodOptions;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator against the Fabric8 mock API server (CRUD mode): issue 5's "done when" scenarios.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class HubOperatorIT {

  @Inject KubernetesClient client;

  @TestHTTPResource("/metrics")
  URI metricsUri;

  OperatorHarness k8s;

  @BeforeEach
  void harness() {
    k8s = new OperatorHarness(client);
  }

  @Test
  void figure21HubSchedulesCellPublishesConfigAndPropagatesRoutes() throws Exception {
    String ns = "fig21";
    k8s.namespaces(ns);
    for (String zone : List.of("a", "b")) {
      for (int i = 0; i < 2; i++) {
        k8s.create(
            dataplanePod(
                ns,
                "corp",
                zone,
                "corp-dataplane-" + zone + "-" + i,
                "10.0." + (zone.equals("a") ? 1 : 2) + "." + (10 + i)));
      }
    }
    k8s.create(hub(ns, "corp", "a", "b"));
    k8s.create(attachment(ns, "c1s1", ns, "corp", "192.168.1.0/24"));
    k8s.create(attachment(ns, "c1s2", ns, "corp", "10.10.1.0/24"));
    k8s.create(attachment(ns, "c1s3", ns, "corp", "21.12.1.0/24"));

    k8s.eventually(
        () -> {
          for (String name : List.of("c1s1", "c1s2", "c1s3")) {
            Condition ready = k8s.condition(k8s.attachment(ns, name), "Ready");
            assertThat(ready).as(name + " Ready").isNotNull();
            assertThat(ready.status).as(name + " Ready").isEqualTo(Condition.Status.True);
          }
          DecisionConfig config = k8s.config(ns, "corp");
          assertThat(config).isNotNull();
          assertThat(OperatorHarness.routes(config, "default"))
              .containsExactlyInAnyOrderEntriesOf(
                  Map.of(
                      "192.168.1.0/24", ns + "/c1s1",
                      "10.10.1.0/24", ns + "/c1s2",
                      "21.12.1.0/24", ns + "/c1s3"));
          assertThat(k8s.routeTable(ns, "c1s1"))
              .containsExactlyInAnyOrder("10.10.1.0/24", "21.12.1.0/24");
          assertThat(k8s.routeTable(ns, "c1s2"))
              .containsExactlyInAnyOrder("192.168.1.0/24", "21.12.1.0/24");
          assertThat(k8s.routeTable(ns, "c1s3"))
              .containsExactlyInAnyOrder("192.168.1.0/24", "10.10.1.0/24");
        },
        ns);

    for (String zone : List.of("a", "b")) {
      Deployment dp =
          client.apps().deployments().inNamespace(ns).withName("corp-dataplane-" + zone).get();
      Deployment dec =
          client.apps().deployments().inNamespace(ns).withName("corp-decision-" + zone).get();
      assertThat(dp.getSpec().getReplicas()).isEqualTo(2);
      assertThat(dec.getSpec().getReplicas()).isEqualTo(1);
      for (Deployment d : List.of(dp, dec)) {
        var term =
            d.getSpec()
                .getTemplate()
                .getSpec()
                .getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0);
        assertThat(term.getKey()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(term.getValues()).containsExactly(zone);
        var env = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env)
            .anySatisfy(e -> assertThat(e.getName()).isEqualTo("VTH_ZONE"))
            .anySatisfy(
                e -> {
                  assertThat(e.getName()).isEqualTo("VTH_POD_NAME");
                  assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                      .isEqualTo("metadata.name");
                });
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
            .containsKey(CellLabels.START_CONFIG_HASH);
        assertThat(
                client
                    .resources(PodDisruptionBudget.class)
                    .inNamespace(ns)
                    .withName(d.getMetadata().getName())
                    .get())
            .isNotNull();
      }
      assertThat(dp.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
          .containsSubsequence("--decision-service", "corp-decision." + ns + ".svc");
    }
    assertThat(
            client
                .services()
                .inNamespace(ns)
                .withName("corp-decision")
                .get()
                .getSpec()
                .getClusterIP())
        .isEqualTo("None");

    DecisionConfig config = k8s.config(ns, "corp");
    for (String name : List.of("c1s1", "c1s2", "c1s3")) {
      HubAttachment a = k8s.attachment(ns, name);
      assertThat(a.getStatus().observedGeneration).isEqualTo(a.getMetadata().getGeneration());
      assertThat(a.getStatus().shard).hasSize(3).doesNotHaveDuplicates();
      EndpointSlice slice =
          client
              .discovery()
              .v1()
              .endpointSlices()
              .inNamespace(ns)
              .withName("corp-" + ns + "-" + name + "-shard")
              .get();
      assertThat(slice.getEndpoints()).hasSize(3);
      assertThat(slice.getEndpoints().stream().map(e -> e.getTargetRef().getName()).toList())
          .containsExactlyInAnyOrderElementsOf(a.getStatus().shard);
      assertThat(client.services().inNamespace(ns).withName("corp-" + ns + "-" + name).get())
          .isNotNull();
      var doc =
          config.hubs().get(0).attachments().stream()
              .filter(x -> x.name().equals(ns + "/" + name))
              .findFirst()
              .orElseThrow();
      assertThat(doc.vni()).isEqualTo(a.getStatus().vni);
      assertThat(doc.gateway())
          .isEqualTo(a.getStatus().gateway.address)
          .startsWith("169.254.")
          .endsWith("/30");
      assertThat(doc.gatewayMac())
          .isEqualTo(String.format("02:76:74:%02x:%02x:%02x", 0, 0, doc.vni()));
    }
    assertThat(k8s.hub(ns, "corp").getStatus().configGeneration).isEqualTo(config.generation());
  }

  @Test
  void twoRoutingDomainsNeverSeeEachOthersRoutes() throws Exception {
    String ns = "domains";
    k8s.namespaces(ns);
    k8s.create(dataplanePod(ns, "split", "a", "split-dp-0", "10.1.0.10"));
    k8s.create(withDomains(hub(ns, "split", "a"), "prod", "dev"));
    k8s.create(inDomain(attachment(ns, "prod-1", ns, "split", "10.1.0.0/16"), "prod"));
    k8s.create(inDomain(attachment(ns, "prod-2", ns, "split", "10.2.0.0/16"), "prod"));
    k8s.create(inDomain(attachment(ns, "dev-1", ns, "split", "10.3.0.0/16"), "dev"));
    k8s.create(inDomain(attachment(ns, "dev-2", ns, "split", "10.4.0.0/16"), "dev"));

    k8s.eventually(
        () -> {
          DecisionConfig config = k8s.config(ns, "split");
          assertThat(config).isNotNull();
          assertThat(OperatorHarness.routes(config, "prod"))
              .containsExactlyInAnyOrderEntriesOf(
                  Map.of("10.1.0.0/16", ns + "/prod-1", "10.2.0.0/16", ns + "/prod-2"));
          assertThat(OperatorHarness.routes(config, "dev"))
              .containsExactlyInAnyOrderEntriesOf(
                  Map.of("10.3.0.0/16", ns + "/dev-1", "10.4.0.0/16", ns + "/dev-2"));
          assertThat(k8s.routeTable(ns, "prod-1")).containsExactly("10.2.0.0/16");
          assertThat(k8s.routeTable(ns, "prod-2")).containsExactly("10.1.0.0/16");
          assertThat(k8s.routeTable(ns, "dev-1")).containsExactly("10.4.0.0/16");
          assertThat(k8s.routeTable(ns, "dev-2")).containsExactly("10.3.0.0/16");
        },
        ns);
  }

  @Test
  void crossNamespaceAttachmentNeedsSharingAndAcceptance() {
    String hubNs = "net-hub";
    String tenant = "team-x";
    k8s.namespaces(hubNs, tenant);
    k8s.create(dataplanePod(hubNs, "shared", "a", "shared-dp-0", "10.2.0.10"));
    k8s.create(hub(hubNs, "shared", "a"));
    k8s.create(attachment(tenant, "vpc", hubNs, "shared", "172.16.0.0/16"));

    k8s.eventually(
        () -> {
          Condition accepted = k8s.condition(k8s.attachment(tenant, "vpc"), "Accepted");
          assertThat(accepted).isNotNull();
          assertThat(accepted.status).isEqualTo(Condition.Status.False);
          assertThat(accepted.reason).isEqualTo("NamespaceNotAllowed");
          assertThat(accepted.message).contains("team-x");
        },
        hubNs,
        tenant);

    k8s.editHub(
        hubNs,
        "shared",
        h -> {
          h.getSpec().sharing = new io.vth.api.v1alpha1.SharingSpec();
          h.getSpec().sharing.namespaces = List.of(tenant);
          h.getSpec().sharing.requireAcceptance = true;
        });
    k8s.eventually(
        () ->
            assertThat(k8s.condition(k8s.attachment(tenant, "vpc"), "Accepted").reason)
                .isEqualTo("PendingAcceptance"),
        hubNs,
        tenant);
    assertThat(k8s.routeTable(tenant, "vpc")).isEmpty();

    k8s.editHub(hubNs, "shared", h -> h.getSpec().sharing.accepted = List.of(tenant + "/vpc"));
    k8s.eventually(
        () -> {
          Condition ready = k8s.condition(k8s.attachment(tenant, "vpc"), "Ready");
          assertThat(ready.status).isEqualTo(Condition.Status.True);
          assertThat(OperatorHarness.routes(k8s.config(hubNs, "shared"), "default"))
              .containsKey("172.16.0.0/16");
        },
        hubNs,
        tenant);
  }

  @Test
  void deletingAnAttachmentRemovesItsRoutesAndGrowsTheGeneration() throws Exception {
    String ns = "detach";
    k8s.namespaces(ns);
    k8s.create(dataplanePod(ns, "hub", "a", "hub-dp-0", "10.3.0.10"));
    k8s.create(hub(ns, "hub", "a"));
    k8s.create(attachment(ns, "x", ns, "hub", "10.10.0.0/16"));
    k8s.create(attachment(ns, "y", ns, "hub", "10.20.0.0/16"));
    k8s.create(attachment(ns, "z", ns, "hub", "10.30.0.0/16"));
    k8s.eventually(
        () ->
            assertThat(k8s.routeTable(ns, "x"))
                .containsExactlyInAnyOrder("10.20.0.0/16", "10.30.0.0/16"),
        ns);
    k8s.eventually(
        () -> assertThat(OperatorHarness.routes(k8s.config(ns, "hub"), "default")).hasSize(3), ns);
    long before = k8s.config(ns, "hub").generation();

    client.resource(k8s.attachment(ns, "z")).delete();

    k8s.eventually(
        () -> {
          DecisionConfig config = k8s.config(ns, "hub");
          assertThat(config.generation()).isGreaterThan(before);
          assertThat(OperatorHarness.routes(config, "default"))
              .doesNotContainKey("10.30.0.0/16")
              .hasSize(2);
          assertThat(k8s.routeTable(ns, "x")).containsExactly("10.20.0.0/16");
          assertThat(k8s.routeTable(ns, "y")).containsExactly("10.10.0.0/16");
          assertThat(k8s.attachment(ns, "z")).isNull();
          assertThat(client.services().inNamespace(ns).withName("hub-" + ns + "-z").get()).isNull();
          assertThat(k8s.hub(ns, "hub").getStatus().configGeneration)
              .isEqualTo(config.generation());
        },
        ns);
  }

  @Test
  void invalidSpecsAreReportedWithoutDisturbingOthers() {
    String ns = "invalid";
    k8s.namespaces(ns);
    k8s.create(dataplanePod(ns, "good", "a", "good-dp-0", "10.4.0.10"));
    k8s.create(hub(ns, "good", "a"));
    k8s.create(attachment(ns, "fine", ns, "good", "10.50.0.0/16"));
    k8s.create(attachment(ns, "bad-cidr", ns, "good", "10.60.0.1/16"));
    HubAttachment first = attachment(ns, "vni-owner", ns, "good", "10.70.0.0/16");
    first.getSpec().tunnel.vni = 5000;
    k8s.create(first);
    k8s.eventually(
        () -> assertThat(k8s.attachment(ns, "vni-owner").getStatus().vni).isEqualTo(5000), ns);
    HubAttachment dup = attachment(ns, "vni-copy", ns, "good", "10.80.0.0/16");
    dup.getSpec().tunnel.vni = 5000;
    k8s.create(dup);
    k8s.create(attachment(ns, "orphan", ns, "missing", "10.90.0.0/16"));
    // Valid, but not servable by the pods: refused here rather than skipped by them.
    HubAttachment v6 = attachment(ns, "v6-tunnel", ns, "good", "10.95.0.0/16");
    v6.getSpec().tunnel.remote = "2001:db8::7";
    k8s.create(v6);

    k8s.eventually(
        () -> {
          assertNotReady(ns, "bad-cidr", "InvalidCidr", "spec.cidrs[0]", "10.60.0.1/16");
          assertNotReady(
              ns, "v6-tunnel", "UnsupportedAddress", "spec.tunnel.remote", "2001:db8::7");
          assertNotReady(ns, "vni-copy", "DuplicateVni", "spec.tunnel.vni", "5000");
          assertNotReady(ns, "orphan", "HubNotFound", "spec.hubRef", "invalid/missing");
          assertThat(k8s.condition(k8s.attachment(ns, "fine"), "Ready").status)
              .isEqualTo(Condition.Status.True);
          assertThat(k8s.condition(k8s.attachment(ns, "vni-owner"), "Ready").status)
              .isEqualTo(Condition.Status.True);
          assertThat(OperatorHarness.routes(k8s.config(ns, "good"), "default"))
              .containsOnlyKeys("10.50.0.0/16", "10.70.0.0/16");
          assertThat(client.v1().events().inNamespace(ns).list().getItems())
              .anySatisfy(
                  e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("bad-cidr");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("InvalidCidr");
                  })
              .anySatisfy(
                  e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("good");
                    assertThat(e.getReason()).isEqualTo("ConfigPublished");
                  });
        },
        ns);
  }

  private void assertNotReady(String ns, String name, String reason, String field, String value) {
    Condition ready = k8s.condition(k8s.attachment(ns, name), "Ready");
    assertThat(ready).as(name).isNotNull();
    assertThat(ready.status).as(name).isEqualTo(Condition.Status.False);
    assertThat(ready.reason).as(name).isEqualTo(reason);
    assertThat(ready.message).as(name).contains(field).contains(value);
  }

  @Test
  void aRealDecisionPodTakesEveryGenerationTheOperatorPublishes() throws Exception {
    String ns = "intake";
    k8s.namespaces(ns);
    k8s.create(dataplanePod(ns, "pub", "a", "pub-dp-0", "10.5.0.10"));
    k8s.create(hub(ns, "pub", "a"));
    k8s.create(attachment(ns, "one", ns, "pub", "10.61.0.0/16"));
    k8s.eventually(
        () -> assertThat(k8s.config(ns, "pub").hubs().get(0).attachments()).hasSize(1), ns);
    PodOptions options =
        PodOptions.parse(
            new String[] {
              "--cell",
              "pub",
              "--pod-name",
              "pub-decision-0",
              "--bind",
              "127.0.0.1",
              "--udp-port",
              "0",
              "--http-port",
              "0"
            },
            Map.of());
    ConfigMapConfigSource source =
        new ConfigMapConfigSource(client, ns, "pub-decision-config", new SimpleMeterRegistry());
    try (DecisionPodMain pod = new DecisionPodMain(options, source).start(options);
        DecisionQueries queries = new DecisionQueries("pub", pod.udpPort())) {
      k8s.eventually(
          () -> assertThat(pod.generation()).isEqualTo(k8s.config(ns, "pub").generation()), ns);
      long first = pod.generation();
      int vniOne = k8s.config(ns, "pub").hubs().get(0).attachments().get(0).vni();
      assertThat(queries.ask(vniOne, "10.61.0.5", "10.62.0.5"))
          .as("no route yet")
          .startsWith("drop no_route");

      k8s.create(attachment(ns, "two", ns, "pub", "10.62.0.0/16"));

      k8s.eventually(
          () -> {
            DecisionConfig published = k8s.config(ns, "pub");
            assertThat(pod.generation()).isGreaterThan(first).isEqualTo(published.generation());
            int vniTwo =
                published.hubs().get(0).attachments().stream()
                    .filter(a -> a.name().equals(ns + "/two"))
                    .findFirst()
                    .orElseThrow()
                    .vni();
            assertThat(queries.ask(vniOne, "10.61.0.5", "10.62.0.5"))
                .as("decided with the new generation's routes")
                .contains("forwards to: vni=" + vniTwo + " ");
          },
          ns);
    }
  }

  @Test
  void operatorMetricsAreServedForPrometheus() throws Exception {
    String ns = "metrics";
    k8s.namespaces(ns);
    k8s.create(hub(ns, "m", "a"));
    k8s.eventually(() -> assertThat(k8s.config(ns, "m")).isNotNull(), ns);

    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(metricsUri).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(metrics.body())
        .contains("vth_operator_config_generation{hub=\"metrics/m\"}")
        .contains("vth_operator_config_publications_total");
  }

  @Test
  void zonesComeFromNodesAndAZoneDroppedFromTheSpecLosesItsWorkloads() {
    String ns = "zones";
    k8s.namespaces(ns);
    for (String zone : List.of("zone-x", "zone-y")) {
      client
          .nodes()
          .resource(
              new NodeBuilder()
                  .withNewMetadata()
                  .withName("node-" + zone)
                  .addToLabels(CellLabels.TOPOLOGY_ZONE, zone)
                  .endMetadata()
                  .build())
          .create();
    }
    k8s.create(hub(ns, "auto"));
    k8s.eventually(
        () ->
            assertThat(deployments(ns))
                .containsExactlyInAnyOrder(
                    "auto-dataplane-zone-x", "auto-decision-zone-x",
                    "auto-dataplane-zone-y", "auto-decision-zone-y"),
        ns);

    k8s.editHub(ns, "auto", h -> h.getSpec().cell.zones = List.of("zone-x"));

    k8s.eventually(
        () ->
            assertThat(deployments(ns))
                .containsExactlyInAnyOrder("auto-dataplane-zone-x", "auto-decision-zone-x"),
        ns);
  }

  @Test
  void aHubIsReadyOnlyWhenEveryZoneHasReadyPods() {
    String ns = "readiness";
    k8s.namespaces(ns);
    k8s.create(hub(ns, "r", "a"));
    k8s.eventually(
        () -> {
          var status = k8s.hub(ns, "r").getStatus();
          assertThat(ConditionSet.find(status.conditions, "ConfigPublished").status)
              .isEqualTo(Condition.Status.True);
          assertThat(ConditionSet.find(status.conditions, "CellReady").reason)
              .isEqualTo("PodsNotReady");
          assertThat(ConditionSet.find(status.conditions, "Ready").status)
              .isEqualTo(Condition.Status.False);
          assertThat(status.observedGeneration)
              .isEqualTo(k8s.hub(ns, "r").getMetadata().getGeneration());
        },
        ns);

    for (String name : List.of("r-dataplane-a", "r-decision-a")) {
      Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
      d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1).build());
      client.resource(d).updateStatus();
    }

    k8s.eventually(
        () -> {
          var status = k8s.hub(ns, "r").getStatus();
          assertThat(ConditionSet.find(status.conditions, "Ready").status)
              .isEqualTo(Condition.Status.True);
          assertThat(status.cell.zones)
              .singleElement()
              .satisfies(z -> assertThat(z.decisionNodesReady).isEqualTo(1));
        },
        ns);
  }

  private List<String> deployments(String ns) {
    return client.apps().deployments().inNamespace(ns).list().getItems().stream()
        .map(d -> d.getMetadata().getName())
        .toList();
  }
}
