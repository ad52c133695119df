package io.vth.operator.reconciler;

import static io.vth.operator.Fixtures.attachment;
import static io.vth.operator.Fixtures.dataplanePod;
import static io.vth.operator.Fixtures.dnsPolicy;
import static io.vth.operator.Fixtures.hub;
import static io.vth.operator.Fixtures.withRecord;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.DnsPolicySpec;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.core.config.DecisionConfig;
import io.vth.operator.model.CellLabels;
import io.vth.operator.model.ConditionSet;
import io.vth.operator.model.ObjectNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator, with server-side apply on, against a real kube-apiserver: figure 21's hub and three
 * attachments, a DnsPolicy of the hub, then the deletion of one attachment. What a user would
 * notice: status written (through SSA), the decision config and the route tables published, owner
 * references, the attachment finalizer held and released. No controller manager runs, so nothing is
 * garbage-collected and no Pod runs: the dataplane Pods are objects whose status the test writes.
 */
abstract class RealApiServerScenario {

  @ConfigProperty(name = "vth-test.admin-kubeconfig")
  String kubeconfig;

  @ConfigProperty(name = "vth-test.namespace")
  String ns;

  KubernetesClient admin;
  OperatorHarness k8s;

  @BeforeEach
  void adminClient() throws Exception {
    admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(Path.of(kubeconfig))))
            .build();
    k8s = new OperatorHarness(admin);
  }

  @AfterEach
  void closeClient() {
    admin.close();
  }

  /** A dataplane Pod object; its status goes through the status subresource (create drops it). */
  private void readyPod(String zone, String name, String ip) {
    Pod desired = dataplanePod(ns, "corp", zone, name, ip);
    Pod created = admin.resource(desired).create();
    created.setStatus(desired.getStatus());
    admin.resource(created).updateStatus();
  }

  @Test
  void figure21HubAndAttachmentsWithServerSideApplyThenDetach() throws Exception {
    long t0 = System.nanoTime();
    readyPod("a", "corp-dataplane-a-0", "10.0.1.10");
    readyPod("a", "corp-dataplane-a-1", "10.0.1.11");
    readyPod("b", "corp-dataplane-b-0", "10.0.2.10");
    readyPod("b", "corp-dataplane-b-1", "10.0.2.11");
    k8s.create(hub(ns, "corp", "a", "b"));
    Map<String, String> cidrs =
        Map.of("c1s1", "192.168.1.0/24", "c1s2", "10.10.1.0/24", "c1s3", "21.12.1.0/24");
    for (String name : List.of("c1s1", "c1s2", "c1s3")) {
      k8s.create(attachment(ns, name, ns, "corp", cidrs.get(name)));
    }

    k8s.eventually(
        () -> {
          for (String name : cidrs.keySet()) {
            HubAttachment a = k8s.attachment(ns, name);
            Condition ready = k8s.condition(a, "Ready");
            assertThat(ready).as(name + " Ready").isNotNull();
            assertThat(ready.status).as(name + " Ready").isEqualTo(Condition.Status.True);
            assertThat(a.getStatus().propagatedRoutes).hasSize(2);
          }
          DecisionConfig config = k8s.config(ns, "corp");
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
          VirtualTrafficHub hub = k8s.hub(ns, "corp");
          assertThat(hub.getStatus().configGeneration).isEqualTo(config.generation());
          assertThat(hub.getStatus().observedGeneration)
              .isEqualTo(hub.getMetadata().getGeneration());
        },
        ns);
    System.out.printf(
        "[real-api-server] figure 21 converged in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

    // Status: conditions carry observedGeneration; VNIs and gateways are distinct; routes
    // propagate.
    VirtualTrafficHub hub = k8s.hub(ns, "corp");
    assertThat(ConditionSet.find(hub.getStatus().conditions, "ConfigPublished").status)
        .isEqualTo(Condition.Status.True);
    assertThat(hub.getStatus().conditions)
        .isNotEmpty()
        .allSatisfy(
            c ->
                assertThat(c.observedGeneration)
                    .as(c.type)
                    .isEqualTo(hub.getMetadata().getGeneration()));
    assertThat(hub.getStatus().attachments).isEqualTo(3);
    Set<Integer> vnis = new HashSet<>();
    Set<String> gateways = new HashSet<>();
    for (String name : cidrs.keySet()) {
      HubAttachment a = k8s.attachment(ns, name);
      assertThat(a.getStatus().observedGeneration).isEqualTo(a.getMetadata().getGeneration());
      assertThat(a.getStatus().conditions)
          .extracting(c -> c.type)
          .contains("Accepted", "RoutesPropagated", "Ready");
      assertThat(a.getStatus().conditions)
          .allSatisfy(
              c ->
                  assertThat(c.observedGeneration)
                      .as(name + " " + c.type)
                      .isEqualTo(a.getMetadata().getGeneration()));
      assertThat(a.getStatus().vni).isNotNull().isPositive();
      vnis.add(a.getStatus().vni);
      assertThat(a.getStatus().gateway.address).startsWith("169.254.").endsWith("/30");
      gateways.add(a.getStatus().gateway.address);
      assertThat(a.getStatus().shard).hasSize(3).doesNotHaveDuplicates();
      assertThat(a.getStatus().hubEndpoint).isNotNull();
      assertThat(a.getStatus().propagatedRoutes)
          .extracting(r -> r.prefix + " from " + r.origin)
          .containsExactlyInAnyOrderElementsOf(
              cidrs.entrySet().stream()
                  .filter(e -> !e.getKey().equals(name))
                  .map(e -> e.getValue() + " from " + ns + "/" + e.getKey())
                  .toList());
      // The finalizer is held while the attachment lives.
      assertThat(a.getMetadata().getFinalizers()).isNotEmpty();
      // Its route table is owned by it; its Service and EndpointSlice by the hub.
      assertOwnedBy(
          admin.configMaps().inNamespace(ns).withName(ObjectNames.routeTable(name)).get(), a);
      assertOwnedBy(
          admin.services().inNamespace(ns).withName("corp-" + ns + "-" + name).get(), hub);
      assertOwnedBy(
          admin
              .discovery()
              .v1()
              .endpointSlices()
              .inNamespace(ns)
              .withName("corp-" + ns + "-" + name + "-shard")
              .get(),
          hub);
      // The real server records the status as written by server-side apply of the subresource.
      assertAppliedStatus(a);
    }
    assertThat(vnis).hasSize(3);
    assertThat(gateways).hasSize(3);
    assertAppliedStatus(hub);
    ConfigMap decision =
        admin.configMaps().inNamespace(ns).withName(ObjectNames.decisionConfig("corp")).get();
    assertOwnedBy(decision, hub);
    assertThat(decision.getMetadata().getAnnotations())
        .containsKeys("vth.io/config-generation", "vth.io/config-content-hash");
    for (String zone : List.of("a", "b")) {
      assertOwnedBy(
          admin.apps().deployments().inNamespace(ns).withName("corp-dataplane-" + zone).get(), hub);
      assertOwnedBy(
          admin.apps().deployments().inNamespace(ns).withName("corp-decision-" + zone).get(), hub);
    }
    assertOwnedBy(admin.services().inNamespace(ns).withName("corp-decision").get(), hub);
    // The cell's NetworkPolicy (on by default), owned by the hub like the rest of the cell.
    NetworkPolicy policy =
        admin
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(ns)
            .withName(ObjectNames.cellNetworkPolicy("corp"))
            .get();
    assertOwnedBy(policy, hub);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .containsExactlyEntriesOf(Map.of(CellLabels.CELL, "corp"));

    // A DnsPolicy of the hub reaches Ready; its status is written by server-side apply.
    admin
        .resource(
            withRecord(
                dnsPolicy(ns, "dns", "corp", DnsPolicySpec.Mode.Endpoint),
                "db.c1s1.internal",
                "c1s1",
                "192.168.1.10"))
        .create();
    k8s.eventually(
        () -> {
          DnsPolicy p = policy(ns, "dns");
          Condition ready = ConditionSet.find(p.getStatus().conditions, "Ready");
          assertThat(ready.status).isEqualTo(Condition.Status.True);
          assertThat(ready.observedGeneration).isEqualTo(p.getMetadata().getGeneration());
          assertThat(p.getStatus().endpoints)
              .extracting(e -> e.attachment + " " + e.address + "/30 " + e.port)
              .containsExactlyInAnyOrderElementsOf(
                  cidrs.keySet().stream()
                      .map(
                          name ->
                              ns
                                  + "/"
                                  + name
                                  + " "
                                  + k8s.attachment(ns, name).getStatus().gateway.address
                                  + " 53")
                      .toList());
          DecisionConfig.Dns dns = k8s.config(ns, "corp").hubs().get(0).dns();
          assertThat(dns.mode()).isEqualTo("Endpoint");
          assertThat(dns.records())
              .containsExactly(
                  new DecisionConfig.DnsRecord(
                      "db.c1s1.internal", ns + "/c1s1", List.of("192.168.1.10")));
        },
        ns);
    assertAppliedStatus(policy(ns, "dns"));

    // Detach c1s3: its routes leave the other route tables and the config; the finalizer lets go.
    long before = k8s.config(ns, "corp").generation();
    long t1 = System.nanoTime();
    admin.resource(k8s.attachment(ns, "c1s3")).delete();
    k8s.eventually(
        () -> {
          assertThat(k8s.attachment(ns, "c1s3")).as("c1s3 released by its finalizer").isNull();
          DecisionConfig config = k8s.config(ns, "corp");
          assertThat(config.generation()).isGreaterThan(before);
          assertThat(OperatorHarness.routes(config, "default"))
              .containsOnlyKeys("192.168.1.0/24", "10.10.1.0/24");
          assertThat(k8s.routeTable(ns, "c1s1")).containsExactly("10.10.1.0/24");
          assertThat(k8s.routeTable(ns, "c1s2")).containsExactly("192.168.1.0/24");
          assertThat(k8s.attachment(ns, "c1s1").getStatus().propagatedRoutes)
              .extracting(r -> r.prefix)
              .containsExactly("10.10.1.0/24");
          assertThat(admin.services().inNamespace(ns).withName("corp-" + ns + "-c1s3").get())
              .as("c1s3's Service, removed by the finalizer")
              .isNull();
          assertThat(k8s.hub(ns, "corp").getStatus().attachments).isEqualTo(2);
          assertThat(policy(ns, "dns").getStatus().endpoints)
              .extracting(e -> e.attachment)
              .containsExactlyInAnyOrder(ns + "/c1s1", ns + "/c1s2");
        },
        ns);
    System.out.printf(
        "[real-api-server] detach converged in %d ms%n", (System.nanoTime() - t1) / 1_000_000);
  }

  /**
   * A cell's pods run as the cell's own ServiceAccount, whose real token (TokenRequest) may read
   * and watch the cell's decision config and nothing else; and their pod template passes the Pod
   * Security Standard {@code restricted} as kube-apiserver's PodSecurity admission enforces it.
   */
  @Test
  void cellPodsHaveTheirOwnAccountReadingOnlyTheirConfigAndPassRestricted() throws Exception {
    k8s.create(hub(ns, "edge", "a"));
    String account = ObjectNames.cellServiceAccount("edge");
    String config = ObjectNames.decisionConfig("edge");
    k8s.eventually(
        () -> {
          assertThat(admin.serviceAccounts().inNamespace(ns).withName(account).get()).isNotNull();
          assertThat(admin.rbac().roleBindings().inNamespace(ns).withName(account).get())
              .isNotNull();
          assertThat(admin.configMaps().inNamespace(ns).withName(config).get()).isNotNull();
          assertThat(admin.apps().deployments().inNamespace(ns).withName("edge-dataplane-a").get())
              .isNotNull();
        },
        ns);
    VirtualTrafficHub edge = k8s.hub(ns, "edge");
    assertOwnedBy(admin.serviceAccounts().inNamespace(ns).withName(account).get(), edge);
    assertOwnedBy(admin.rbac().roles().inNamespace(ns).withName(account).get(), edge);

    var token =
        admin
            .serviceAccounts()
            .inNamespace(ns)
            .withName(account)
            .tokenRequest(
                new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Config podConfig = Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
    podConfig.setClientCertData(null);
    podConfig.setClientKeyData(null);
    podConfig.setClientCertFile(null);
    podConfig.setClientKeyFile(null);
    podConfig.setOauthToken(token);
    try (KubernetesClient pod = new KubernetesClientBuilder().withConfig(podConfig).build()) {
      // What the pods do (ConfigMapConfigSource): watch their ConfigMap by name.
      try (var informer = pod.configMaps().inNamespace(ns).withName(config).inform()) {
        assertThat(informer.getStore().list())
            .extracting(c -> c.getMetadata().getName())
            .containsExactly(config);
      }
      assertForbiddenFor(
          account, () -> pod.configMaps().inNamespace(ns).withName("corp-decision-config").get());
      assertForbiddenFor(account, () -> pod.configMaps().inNamespace(ns).list());
      assertForbiddenFor(account, () -> pod.secrets().inNamespace(ns).list());
      assertForbiddenFor(account, () -> pod.pods().inNamespace(ns).list());
    }

    // The pod template of every Deployment is admitted where "restricted" is enforced.
    String restricted = ns + "-restricted";
    admin
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(restricted)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
    admin
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName(account)
                .withNamespace(restricted)
                .endMetadata()
                .build())
        .create();
    for (String role : List.of("dataplane", "decision")) {
      var template =
          admin
              .apps()
              .deployments()
              .inNamespace(ns)
              .withName("edge-" + role + "-a")
              .get()
              .getSpec()
              .getTemplate();
      Pod created =
          admin
              .resource(
                  new io.fabric8.kubernetes.api.model.PodBuilder()
                      .withNewMetadata()
                      .withName("edge-" + role + "-probe")
                      .withNamespace(restricted)
                      .withLabels(template.getMetadata().getLabels())
                      .endMetadata()
                      .withSpec(template.getSpec())
                      .build())
              .create();
      assertThat(created.getMetadata().getUid()).as(role + " pod admitted").isNotNull();
    }
  }

  private static void assertForbiddenFor(String account, Runnable call) {
    org.assertj.core.api.Assertions.assertThatThrownBy(call::run)
        .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class)
        .hasMessageContaining(account)
        .satisfies(
            e ->
                assertThat(((io.fabric8.kubernetes.client.KubernetesClientException) e).getCode())
                    .isEqualTo(403));
  }

  private DnsPolicy policy(String namespace, String name) {
    return admin.resources(DnsPolicy.class).inNamespace(namespace).withName(name).get();
  }

  private static void assertOwnedBy(HasMetadata object, HasMetadata owner) {
    assertThat(object).as("object owned by " + owner.getMetadata().getName()).isNotNull();
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    assertThat(refs)
        .as(object.getKind() + " " + object.getMetadata().getName() + " owners")
        .anySatisfy(
            r -> {
              assertThat(r.getUid()).isEqualTo(owner.getMetadata().getUid());
              assertThat(r.getKind()).isEqualTo(owner.getKind());
              assertThat(r.getController()).isTrue();
            });
  }

  /** A managedFields entry of an Apply to the status subresource owns {@code f:status}. */
  private static void assertAppliedStatus(HasMetadata object) {
    List<ManagedFieldsEntry> managed = object.getMetadata().getManagedFields();
    assertThat(managed)
        .as(object.getKind() + " " + object.getMetadata().getName() + " managedFields")
        .anySatisfy(
            m -> {
              assertThat(m.getOperation()).isEqualTo("Apply");
              assertThat(m.getSubresource()).isEqualTo("status");
              assertThat(m.getFieldsV1().getAdditionalProperties()).containsKey("f:status");
            });
  }
}
