package io.vth.kubetest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-node cluster on this machine: nodes Ready in their zones, restricted pods from an
 * image built here on every node, pod-to-pod across nodes, the host to pods, the API through the
 * {@code kubernetes} Service with a ServiceAccount token, ClusterIP from every node, NodePort with
 * {@code externalTrafficPolicy: Local} keeping the client's address, and Service names through the
 * cluster DNS.
 */
@WithKubeCluster(nodes = 2)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubeClusterIT {
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private KubeCluster cluster;
  private KubernetesClient client;
  private String ns;

  /** Node name to the echo server pod running on it. */
  private final Map<String, Pod> servers = new LinkedHashMap<>();

  @BeforeAll
  void serversOnEveryNode(KubeCluster cluster) {
    this.cluster = cluster;
    this.client = cluster.client();
    ns = cluster.createNamespace("cluster-it");
    client
        .namespaces()
        .withName(ns)
        .edit(
            n ->
                new NamespaceBuilder(n)
                    .editMetadata()
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                    .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                    .endMetadata()
                    .build());
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      client
          .pods()
          .inNamespace(ns)
          .resource(pod("server-" + n.zone(), n.name(), List.of("serve"), true))
          .create();
    }
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      Pod ready =
          client
              .pods()
              .inNamespace(ns)
              .withName("server-" + n.zone())
              .waitUntilCondition(Readiness::isPodReady, 120, TimeUnit.SECONDS);
      servers.put(n.name(), ready);
    }
  }

  @Test
  void everyNodeIsReadyInItsOwnZone() {
    List<Node> nodes = client.nodes().list().getItems();
    assertThat(nodes)
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("node-a", "node-b");
    for (Node n : nodes) {
      assertThat(n.getStatus().getConditions())
          .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
      String letter = n.getMetadata().getName().substring("node-".length());
      assertThat(n.getMetadata().getLabels())
          .containsEntry(KubeCluster.ZONE_LABEL, "zone-" + letter);
      assertThat(n.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo("v1.37.2");
      assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion())
          .startsWith("containerd://");
    }
  }

  @Test
  void aRestrictedPodFromAnImageBuiltHereRunsOnEveryNode() {
    assertThat(client.namespaces().withName(ns).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      Pod p = servers.get(n.name());
      assertThat(p.getSpec().getNodeName()).isEqualTo(n.name());
      assertThat(p.getStatus().getPhase()).isEqualTo("Running");
      assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo(cluster.image("probe"));
      assertThat(p.getStatus().getPodIP()).startsWith(prefix(n.podCidr()));
    }
    // The namespace really enforces restricted: a pod without the securityContext is refused.
    Pod loose = pod("loose", "node-a", List.of("serve"), true);
    loose.getSpec().setSecurityContext(null);
    loose.getSpec().getContainers().get(0).setSecurityContext(null);
    assertThatThrownBy(() -> client.pods().inNamespace(ns).resource(loose).create())
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"");
  }

  @Test
  void podsOnTwoNodesReachEachOtherWithoutNat() {
    Pod serverB = servers.get("node-b");
    String out = runClient("node-a", "get", "http://" + serverB.getStatus().getPodIP() + ":8080/");
    assertThat(out).contains("host=server-zone-b").contains("remote=" + prefix(podCidr("node-a")));
    Pod serverA = servers.get("node-a");
    out = runClient("node-b", "get", "http://" + serverA.getStatus().getPodIP() + ":8080/");
    assertThat(out).contains("host=server-zone-a").contains("remote=" + prefix(podCidr("node-b")));
  }

  @Test
  void theHostReachesEveryPod() {
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      String body = httpGet("http://" + servers.get(n.name()).getStatus().getPodIP() + ":8080/");
      assertThat(body)
          .contains("host=server-" + n.zone())
          .contains("remote=" + cluster.hostAddress() + ":");
    }
  }

  @Test
  void aPodReadsTheApiThroughTheKubernetesServiceWithItsServiceAccountToken() {
    client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("in-cluster")
                .endMetadata()
                .addToData("greeting", "read-through-the-service")
                .build())
        .create();
    client
        .rbac()
        .roles()
        .inNamespace(ns)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("read-configmaps")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list", "watch")
                .endRule()
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("read-configmaps")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "read-configmaps")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("default")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      String out =
          runClient(
              n.name(), "get", "/api/v1/namespaces/" + ns + "/configmaps/in-cluster", "-incluster");
      assertThat(out).contains("read-through-the-service");
    }
  }

  @Test
  void aClusterIpServiceReachesItsPodFromEveryNode() {
    Service svc = service("echo-cluster-ip", "server-zone-a", "ClusterIP", null);
    String ip = svc.getSpec().getClusterIP();
    assertThat(ip).startsWith("10.96.");
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      String out = runClient(n.name(), "get", "http://" + ip + "/");
      assertThat(out).contains("host=server-zone-a");
      out = runClient(n.name(), "udp", ip + ":9090");
      assertThat(out).contains("host=server-zone-a").contains("data=ping");
    }
  }

  @Test
  void aNodePortWithLocalPolicyKeepsTheSourceAddressFromTheHost() {
    Service svc = service("echo-node-port", "server-zone-b", "NodePort", "Local");
    int nodePort =
        svc.getSpec().getPorts().stream()
            .filter(p -> p.getName().equals("http"))
            .findFirst()
            .orElseThrow()
            .getNodePort();
    String nodeB = cluster.nodes().get(1).address();
    String body = httpGet("http://" + nodeB + ":" + nodePort + "/");
    assertThat(body)
        .contains("host=server-zone-b")
        .contains("remote=" + cluster.hostAddress() + ":");
    // Local: the node without an endpoint of the Service does not forward.
    String nodeA = cluster.nodes().get(0).address();
    assertThatThrownBy(() -> once("http://" + nodeA + ":" + nodePort + "/"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void podsOnEveryNodeResolveServiceNamesThroughClusterDns() {
    Service svc = service("echo-by-name", "server-zone-b", "ClusterIP", null);
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      assertThat(runClient(n.name(), "lookup", "kubernetes.default.svc")).contains("10.96.0.1");
      assertThat(runClient(n.name(), "lookup", "echo-by-name." + ns + ".svc"))
          .contains(svc.getSpec().getClusterIP());
      assertThat(runClient(n.name(), "get", "http://echo-by-name." + ns + ".svc/"))
          .contains("host=server-zone-b");
    }
  }

  @Test
  void anImageLoadedAfterStartRunsOnEveryNodeAndAReloadedTagReplacesIt(@TempDir Path tmp)
      throws Exception {
    String name = "docker.io/vth/probe-copy:test";
    Path probe = TestImages.locate().archive("probe");
    Path first = OciArchives.variant(probe, tmp.resolve("first"), name, "first");
    assertThat(cluster.loadImage(first)).containsExactly(name);
    List<String> firstIds = new ArrayList<>();
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      firstIds.add(imageIdOf(runClientPod(n.name(), name, "lookup", "kubernetes.default.svc")));
    }
    Path second = OciArchives.variant(probe, tmp.resolve("second"), name, "second");
    assertThat(cluster.loadImage(second)).containsExactly(name);
    for (KubeCluster.NodeInfo n : cluster.nodes()) {
      String id = imageIdOf(runClientPod(n.name(), name, "lookup", "kubernetes.default.svc"));
      assertThat(id).as("the pod on %s runs the reloaded image", n.name()).isNotIn(firstIds);
    }
  }

  private static String imageIdOf(Pod p) {
    return p.getStatus().getContainerStatuses().get(0).getImageID();
  }

  private Service service(String name, String selectPod, String type, String externalPolicy) {
    ServiceBuilder b =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withType(type)
            .addToSelector("app", selectPod)
            .addNewPort()
            .withName("http")
            .withProtocol("TCP")
            .withPort(80)
            .withNewTargetPort(8080)
            .endPort()
            .addNewPort()
            .withName("udp")
            .withProtocol("UDP")
            .withPort(9090)
            .withNewTargetPort(9090)
            .endPort()
            .endSpec();
    if (externalPolicy != null) {
      b.editSpec().withExternalTrafficPolicy(externalPolicy).endSpec();
    }
    return client.services().inNamespace(ns).resource(b.build()).create();
  }

  /** Runs the probe image once on {@code node} with {@code args}; returns its output. */
  private String runClient(String node, String... args) {
    Pod done = runClientPod(node, cluster.image("probe"), args);
    return client.pods().inNamespace(ns).withName(done.getMetadata().getName()).getLog();
  }

  /** Runs {@code image} (the probe or a copy) once on {@code node}; returns the finished pod. */
  private Pod runClientPod(String node, String image, String... args) {
    String name = "client-" + CLIENTS.incrementAndGet();
    Pod pod = pod(name, node, List.of(args), false);
    pod.getSpec().getContainers().get(0).setImage(image);
    client.pods().inNamespace(ns).resource(pod).create();
    Pod done =
        client
            .pods()
            .inNamespace(ns)
            .withName(name)
            .waitUntilCondition(
                p ->
                    p != null
                        && p.getStatus() != null
                        && ("Succeeded".equals(p.getStatus().getPhase())
                            || "Failed".equals(p.getStatus().getPhase())),
                120,
                TimeUnit.SECONDS);
    String log = client.pods().inNamespace(ns).withName(name).getLog();
    assertThat(done.getStatus().getPhase())
        .as("client %s on %s running %s; log:%n%s", name, node, List.of(args), log)
        .isEqualTo("Succeeded");
    return done;
  }

  /** A pod of the probe image that passes the restricted Pod Security Standard. */
  private Pod pod(String name, String node, List<String> args, boolean server) {
    List<String> all = new ArrayList<>(args);
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy(server ? "Always" : "Never")
            .addToNodeSelector("kubernetes.io/hostname", node)
            .withTerminationGracePeriodSeconds(1L)
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .withRunAsUser(65532L)
            .withRunAsGroup(65532L)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .addNewContainer()
            .withName("probe")
            .withImage(cluster.image("probe"))
            .withImagePullPolicy("Never")
            .withArgs(all)
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .endSpec();
    if (server) {
      b.editSpec()
          .editFirstContainer()
          .withNewReadinessProbe()
          .withNewHttpGet()
          .withPath("/")
          .withNewPort(8080)
          .endHttpGet()
          .withPeriodSeconds(1)
          .endReadinessProbe()
          .endContainer()
          .endSpec();
    }
    return b.build();
  }

  private String podCidr(String node) {
    return cluster.nodes().stream()
        .filter(n -> n.name().equals(node))
        .findFirst()
        .orElseThrow()
        .podCidr();
  }

  /** {@code 10.200.1.0/24} gives {@code 10.200.1.}. */
  private static String prefix(String cidr) {
    return cidr.substring(0, cidr.lastIndexOf('.') + 1);
  }

  /** GET from the test JVM (the host), retried until kube-proxy has its rules. */
  private static String httpGet(String url) {
    String[] body = new String[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              body[0] = once(url);
              return true;
            });
    return body[0];
  }

  private static String once(String url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + ": " + r.statusCode());
    }
    return r.body();
  }
}
