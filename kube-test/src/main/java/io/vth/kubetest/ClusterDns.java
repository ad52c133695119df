package io.vth.kubetest;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster's DNS: CoreDNS (built by {@code test-infra/build-coredns.sh}) as a host process bound
 * to the host's bridge address, port 53, serving {@code cluster.local} from the kubernetes plugin.
 * The {@code kube-system/kube-dns} Service ({@code 10.96.0.10}, the kubelets' {@code clusterDNS})
 * has no selector; an EndpointSlice written here points it at the host, so pods on every node reach
 * it through kube-proxy like any Service.
 */
final class ClusterDns {
  private static final System.Logger LOG = System.getLogger(ClusterDns.class.getName());

  static final String SCRIPT = "test-infra/build-coredns.sh";
  private static final String USER = "system:vth-coredns";

  /** The CoreDNS binary, or why there is none. */
  record Found(Optional<Path> binary, String problem) {}

  private static Found cached;

  private ClusterDns() {}

  /** Builds (or reuses) CoreDNS once per JVM. */
  static synchronized Found locate() {
    if (cached == null) {
      cached = build();
    }
    return cached;
  }

  /**
   * Starts CoreDNS for the cluster and creates its RBAC, Service and EndpointSlice; {@link
   * #awaitReady} waits until it has synced with the API server.
   */
  static Process start(
      Path coredns,
      Path dir,
      Daemons daemons,
      ClusterCgroups cgroups,
      KubeApiServer apiServer,
      String hostIp) {
    KubernetesClient c = apiServer.client();
    c.rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("vth:coredns")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("endpoints", "services", "pods", "namespaces")
                .withVerbs("list", "watch")
                .endRule()
                .addNewRule()
                .withApiGroups("discovery.k8s.io")
                .withResources("endpointslices")
                .withVerbs("list", "watch")
                .endRule()
                .build())
        .create();
    c.rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("vth:coredns")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "vth:coredns")
                .addNewSubject()
                .withKind("User")
                .withName(USER)
                .withApiGroup("rbac.authorization.k8s.io")
                .endSubject()
                .build())
        .create();
    c.services()
        .inNamespace("kube-system")
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("kube-dns")
                .addToLabels("k8s-app", "kube-dns")
                .endMetadata()
                .withNewSpec()
                .withClusterIP(ClusterNetwork.DNS_IP)
                .addNewPort()
                .withName("dns")
                .withProtocol("UDP")
                .withPort(53)
                .withNewTargetPort(53)
                .endPort()
                .addNewPort()
                .withName("dns-tcp")
                .withProtocol("TCP")
                .withPort(53)
                .withNewTargetPort(53)
                .endPort()
                .endSpec()
                .build())
        .create();
    c.discovery()
        .v1()
        .endpointSlices()
        .inNamespace("kube-system")
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("kube-dns-host")
                .addToLabels("kubernetes.io/service-name", "kube-dns")
                .addToLabels("endpointslice.kubernetes.io/managed-by", "vth-kube-test")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses(hostIp)
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .endEndpoint()
                .addNewPort()
                .withName("dns")
                .withProtocol("UDP")
                .withPort(53)
                .endPort()
                .addNewPort()
                .withName("dns-tcp")
                .withProtocol("TCP")
                .withPort(53)
                .endPort()
                .build())
        .create();
    Path kubeconfig =
        Kubeconfig.write(
            dir.resolve("coredns.kubeconfig"),
            apiServer.url(),
            apiServer.pki().ca().certificatePem(),
            USER,
            apiServer.pki().componentCertificate(USER, List.of()));
    Path corefile = dir.resolve("Corefile");
    try {
      Files.writeString(
          corefile,
          String.join(
              "\n",
              ".:53 {",
              "  bind " + hostIp,
              "  errors",
              "  ready " + hostIp + ":8181",
              "  kubernetes cluster.local in-addr.arpa ip6.arpa {",
              "    kubeconfig " + kubeconfig,
              "    pods insecure",
              "    fallthrough in-addr.arpa ip6.arpa",
              "    ttl 5",
              "  }",
              "  cache 5",
              "  loadbalance",
              "}",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return daemons.launch(
        dir.resolve("coredns.log"),
        null,
        cgroups.daemonProcs(),
        List.of(coredns.toString(), "-conf", corefile.toString()));
  }

  /** Waits until CoreDNS's ready plugin answers 200 (the kubernetes plugin has synced). */
  static void awaitReady(Process coredns, Path log, String hostIp, long timeoutMillis) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI ready = URI.create("http://" + hostIp + ":8181/ready");
    long deadline = System.currentTimeMillis() + timeoutMillis;
    String last = "no answer";
    while (System.currentTimeMillis() < deadline) {
      if (!coredns.isAlive()) {
        throw new IllegalStateException("CoreDNS exited:\n" + KubeCluster.tail(log, 20));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      KubeCluster.sleep(100);
    }
    throw new IllegalStateException(
        "CoreDNS not ready (" + last + "):\n" + KubeCluster.tail(log, 20));
  }

  private static Found build() {
    Optional<Path> repo = KubeBinaries.repoRoot(Path.of(System.getProperty("user.dir")));
    if (repo.isEmpty()) {
      return new Found(Optional.empty(), "cannot find " + SCRIPT);
    }
    BuildScript.Result r = BuildScript.run(repo.get().resolve(SCRIPT), "coredns", Map.of());
    return r.value() == null
        ? new Found(Optional.empty(), r.problem())
        : new Found(Optional.of(Path.of(r.value())), null);
  }
}
