package io.vth.kubetest;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A real multi-node Kubernetes cluster on this machine, for tests: no Docker, no registry.
 *
 * <p>The control plane ({@link KubeApiServer}'s etcd and kube-apiserver, plus
 * kube-controller-manager and kube-scheduler) runs on the host; the API server binds the host's
 * address on the cluster bridge. Each node is a network namespace ({@link ClusterNetwork}) running
 * its own containerd, kubelet and kube-proxy ({@link ClusterNode}) with its own folders and cgroups
 * ({@link ClusterCgroups}), labelled {@code topology.kubernetes.io/zone=zone-a}, {@code zone-b},
 * ... Pods get addresses from the node's range (CNI bridge), reach pods on other nodes and the host
 * by plain routes, reach Services through kube-proxy's iptables rules in their node, and resolve
 * {@code <service>.<namespace>.svc} names through CoreDNS ({@link ClusterDns}).
 *
 * <p>{@link #close()} removes every process, mount, namespace, link and cgroup the cluster made
 * ({@link ClusterTeardown}); a watchdog does the same if the JVM dies first.
 */
public final class KubeCluster implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KubeCluster.class.getName());

  /** The zone label every node carries. */
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  /** A node as tests see it. */
  public record NodeInfo(
      String name, String zone, String address, String podCidr, String netns, Path directory) {}

  private final Path dir;
  private final ClusterNetwork network;
  private final ClusterCgroups cgroups;
  private final ClusterTeardown teardown;
  private final Daemons daemons;
  private final List<ClusterNode> nodes = new ArrayList<>();
  private final TestImages.Found images;
  private KubeApiServer apiServer;
  private volatile boolean closed;

  private KubeCluster(
      Path dir, ClusterNetwork network, TestImages.Found images, KubeBinaries.Found binaries) {
    this.dir = dir;
    this.network = network;
    this.images = images;
    this.cgroups = new ClusterCgroups(network.slot());
    this.teardown = new ClusterTeardown(dir);
    this.daemons = new Daemons(dir.resolve("pids"));
    for (ClusterNetwork.NodeAddress a : network.nodes()) {
      nodes.add(new ClusterNode(a, dir.resolve(a.name()), binaries, daemons, cgroups));
    }
  }

  /**
   * What this machine lacks to run a cluster (root, the node packages, cgroup v1), or null. Does
   * not look at the Kubernetes binaries or the images.
   */
  public static String hostProblem() {
    if (!"root".equals(System.getProperty("user.name")) && !isRoot()) {
      return "not root (a cluster needs network namespaces, mounts and cgroups)";
    }
    List<String> missing = new ArrayList<>();
    for (String c : List.of("containerd", "runc", "ctr", "iptables", "ip", "nsenter", "sysctl")) {
      if (!Sh.onPath(c)) {
        missing.add(c);
      }
    }
    for (String plugin : List.of("bridge", "host-local", "portmap", "loopback")) {
      if (!Files.isExecutable(Path.of("/usr/lib/cni", plugin))) {
        missing.add("/usr/lib/cni/" + plugin);
      }
    }
    if (!missing.isEmpty()) {
      return "missing "
          + String.join(", ", missing)
          + " (run `bash test-infra/install-node-deps.sh` as root)";
    }
    return ClusterCgroups.problem();
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /** Starts a cluster of {@code nodeCount} nodes, locating (or building) binaries and images. */
  public static KubeCluster start(int nodeCount) {
    String problem = hostProblem();
    if (problem != null) {
      throw new IllegalStateException(problem);
    }
    KubeBinaries.Found binaries = KubeBinaries.locateAll();
    if (binaries.binDir().isEmpty()) {
      throw new IllegalStateException(binaries.problem());
    }
    TestImages.Found images = TestImages.locate();
    if (!images.present()) {
      throw new IllegalStateException(images.problem());
    }
    return start(binaries, images, nodeCount);
  }

  /**
   * Starts a cluster from the given binaries and images; CoreDNS is located (built once) by {@code
   * test-infra/build-coredns.sh}.
   */
  public static KubeCluster start(
      KubeBinaries.Found binaries, TestImages.Found images, int nodeCount) {
    ClusterDns.Found dns = ClusterDns.locate();
    if (dns.binary().isEmpty()) {
      throw new IllegalStateException(dns.problem());
    }
    long t0 = System.nanoTime();
    ClusterNetwork network = ClusterNetwork.claim(nodeCount);
    Path dir;
    try {
      dir = Files.createTempDirectory("vth-cluster-");
    } catch (IOException e) {
      network.close();
      throw new UncheckedIOException(e);
    }
    KubeCluster cluster = new KubeCluster(dir, network, images, binaries);
    try {
      cluster.boot(binaries, dns.binary().get(), t0);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void boot(KubeBinaries.Found binaries, Path coredns, long t0) {
    teardown.write(network, cgroups);
    teardown.startWatchdog();
    network.setUp();
    cgroups.create(network.nodes().stream().map(ClusterNetwork.NodeAddress::letter).toList());
    progress(
        t0,
        "network and cgroups of " + nodes.size() + " nodes ready (slot " + network.slot() + ")");

    // The nodes' containerds start, and take the images, while the control plane starts.
    Pki pki = Pki.newCa("vth-cluster-ca");
    String url = "https://" + network.hostIp() + ":6443";
    for (ClusterNode n : nodes) {
      n.writeConfigs(
          images.name("pause"),
          network.clusterCidr(),
          url,
          pki,
          dir.resolve("control-plane/ca.crt"));
      n.startContainerd();
    }
    CompletableFuture<Void> runtimes = importImagesWhenReady();
    apiServer = startApiServer(binaries, pki);
    progress(t0, apiServer.version() + " ready at " + apiServer.url());
    new ControlPlane(dir, daemons, cgroups, binaries, apiServer, network).start();
    createDefaultServiceAccount();
    for (ClusterNode n : nodes) {
      createNode(n.address());
    }
    Process dns = ClusterDns.start(coredns, dir, daemons, cgroups, apiServer, network.hostIp());
    try {
      runtimes.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    progress(t0, "containerd of every node ready, images imported");
    for (ClusterNode n : nodes) {
      n.startKubelet();
      n.startKubeProxy();
    }
    awaitNodesReady(t0, 120_000);
    ClusterDns.awaitReady(dns, dir.resolve("coredns.log"), network.hostIp(), 30_000);
    progress(
        t0, "CoreDNS ready at " + network.hostIp() + ":53 (Service " + ClusterNetwork.DNS_IP + ")");
  }

  /** Per node, in parallel: waits for its containerd, then imports the built-in images. */
  private CompletableFuture<Void> importImagesWhenReady() {
    CompletableFuture<?>[] imports = new CompletableFuture<?>[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      ClusterNode n = nodes.get(i);
      imports[i] =
          CompletableFuture.runAsync(
              () -> {
                n.awaitContainerd(30_000);
                for (Path tar : images.archives().values()) {
                  n.importImage(tar);
                }
              });
    }
    return CompletableFuture.allOf(imports);
  }

  /**
   * etcd and kube-apiserver, bound to the host's bridge address and advertising it (so the {@code
   * kubernetes} Service leads pods to it), with node authorization and a client certificate for
   * reaching the kubelets (logs, exec).
   */
  private KubeApiServer startApiServer(KubeBinaries.Found binaries, Pki pki) {
    Pki.Identity kubeletClient =
        pki.componentCertificate("kube-apiserver-kubelet-client", List.of("system:masters"));
    Path kubeletCert = Pki.write(dir.resolve("kubelet-client.crt"), kubeletClient.certificatePem());
    Path kubeletKey = Pki.write(dir.resolve("kubelet-client.key"), kubeletClient.privateKeyPem());
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("authorization-mode", "Node,RBAC");
    flags.put("enable-admission-plugins", "NodeRestriction");
    flags.put("service-cluster-ip-range", ClusterNetwork.SERVICE_CIDR);
    flags.put("kubelet-client-certificate", kubeletCert.toString());
    flags.put("kubelet-client-key", kubeletKey.toString());
    flags.put("kubelet-preferred-address-types", "InternalIP");
    return KubeApiServer.start(
        binaries,
        new KubeApiServer.Options(
            dir.resolve("control-plane"),
            pki,
            network.hostIp(),
            6443,
            List.of("kubernetes.default.svc.cluster.local"),
            List.of("10.96.0.1", "127.0.0.1"),
            flags,
            true));
  }

  /**
   * Pods are refused until namespace {@code default} has its ServiceAccount {@code default}; the
   * controller manager makes it seconds later, so make it now (the controller accepts it).
   */
  private void createDefaultServiceAccount() {
    try {
      client()
          .serviceAccounts()
          .inNamespace("default")
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  /**
   * Registers the node before its kubelet does, with its zone label and its pod range (so the
   * range, the CNI configuration and the routes are known before anything runs).
   */
  private void createNode(ClusterNetwork.NodeAddress a) {
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(a.name())
            .addToLabels(ZONE_LABEL, a.zone())
            .addToLabels("kubernetes.io/hostname", a.name())
            .endMetadata()
            .withNewSpec()
            .withPodCIDR(a.podCidr())
            .withPodCIDRs(a.podCidr())
            .endSpec()
            .build();
    client().nodes().resource(node).create();
  }

  private void awaitNodesReady(long t0, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    List<String> notReady = List.of();
    while (System.currentTimeMillis() < deadline) {
      for (ClusterNode n : nodes) {
        String dead = n.deadDaemon();
        if (dead != null) {
          throw new IllegalStateException(
              dead
                  + " of "
                  + n.address().name()
                  + " exited:\n"
                  + tail(n.directory().resolve(dead + ".log"), 30));
        }
      }
      notReady = new ArrayList<>();
      for (ClusterNode n : nodes) {
        Node node = client().nodes().withName(n.address().name()).get();
        boolean ready =
            node != null
                && node.getStatus() != null
                && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!ready) {
          notReady.add(n.address().name());
        }
      }
      if (notReady.isEmpty()) {
        progress(t0, nodes.size() + " nodes Ready");
        return;
      }
      sleep(250);
    }
    StringBuilder logs = new StringBuilder();
    for (String name : notReady) {
      logs.append("\n--- kubelet of ").append(name).append(":\n");
      logs.append(tail(dir.resolve(name).resolve("kubelet.log"), 25));
    }
    throw new IllegalStateException(
        "nodes not Ready after " + timeoutMillis / 1000 + " s: " + notReady + logs);
  }

  private void progress(long t0, String what) {
    LOG.log(
        System.Logger.Level.INFO,
        String.format("cluster: %s after %.1f s", what, (System.nanoTime() - t0) / 1e9));
  }

  /** The shared admin client ({@code system:masters}); closed with the cluster. */
  public KubernetesClient client() {
    return apiServer.client();
  }

  /** The API server, for its other clients ({@code clientAsServiceAccount}, ...). */
  public KubeApiServer apiServer() {
    return apiServer;
  }

  /** An admin kubeconfig file (for kubectl, Helm or a separately started operator). */
  public Path adminKubeconfig() {
    return apiServer.adminKubeconfig();
  }

  /** The nodes, in zone order. */
  public List<NodeInfo> nodes() {
    return nodes.stream()
        .map(
            n ->
                new NodeInfo(
                    n.address().name(),
                    n.address().zone(),
                    n.address().ip(),
                    n.address().podCidr(),
                    n.address().netns(),
                    n.directory()))
        .toList();
  }

  /** The host's address on the cluster bridge: the source of what the test JVM sends to nodes. */
  public String hostAddress() {
    return network.hostIp();
  }

  /** The fully qualified name of one of the built-in images: {@code pause} or {@code probe}. */
  public String image(String name) {
    String n = images.name(name);
    if (n == null) {
      throw new IllegalArgumentException("no built-in image " + name + ": " + images.names());
    }
    return n;
  }

  /**
   * Imports an OCI (or docker) image archive into every node's containerd, under the names the
   * archive carries (they must be fully qualified, such as {@code docker.io/vth/operator:dev}, and
   * pods must use {@code imagePullPolicy: Never} or {@code IfNotPresent}). A tag imported again
   * with new content restarts that node's containerd (running containers survive). Returns the
   * names imported.
   */
  public List<String> loadImage(Path archive) {
    long t0 = System.nanoTime();
    List<CompletableFuture<List<String>>> perNode =
        nodes.stream()
            .map(n -> CompletableFuture.supplyAsync(() -> n.importImage(archive)))
            .toList();
    List<String> names = List.of();
    try {
      for (CompletableFuture<List<String>> f : perNode) {
        names = f.join();
      }
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    progress(t0, "loaded " + names + " into " + nodes.size() + " nodes");
    return names;
  }

  /** Creates a namespace with a unique name, and waits for its {@code default} ServiceAccount. */
  public String createNamespace(String prefix) {
    String ns = apiServer.createNamespace(prefix);
    client()
        .serviceAccounts()
        .inNamespace(ns)
        .withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
    return ns;
  }

  /** The folder holding every node's files and the logs (deleted by close). */
  public Path directory() {
    return dir;
  }

  /**
   * The last lines of a log: {@code kube-apiserver}, {@code etcd}, {@code kube-controller-manager},
   * {@code kube-scheduler}, or {@code <node>/kubelet}, {@code <node>/containerd}, {@code
   * <node>/kube-proxy}.
   */
  public String logTail(String process, int lines) {
    if (process.equals("kube-apiserver") || process.equals("etcd")) {
      return apiServer.logTail(process, lines);
    }
    return tail(dir.resolve(process + ".log"), lines);
  }

  /** Stops everything and removes every trace on the host. Safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long t0 = System.nanoTime();
    for (ClusterNode n : nodes) {
      n.stopAgents();
    }
    daemons.stopAll();
    if (apiServer != null) {
      apiServer.close();
    }
    String failed = teardown.run();
    network.close();
    if (!failed.isEmpty()) {
      LOG.log(System.Logger.Level.WARNING, "cluster teardown reported: " + failed);
    }
    progress(t0, "removed");
  }

  static String tail(Path log, int lines) {
    try {
      if (!Files.exists(log)) {
        return "(no " + log + ")";
      }
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
