package io.vth.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a {@link KubeCluster}: its containerd, kubelet and kube-proxy, each running in the
 * node's network namespace with the node's own folders, socket and cgroups.
 */
final class ClusterNode {
  private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());

  private final ClusterNetwork.NodeAddress address;
  private final NodeConfigs.Paths paths;
  private final KubeBinaries.Found binaries;
  private final Daemons daemons;
  private final ClusterCgroups cgroups;
  private Process containerd;
  private Process kubelet;
  private Process kubeProxy;

  ClusterNode(
      ClusterNetwork.NodeAddress address,
      Path dir,
      KubeBinaries.Found binaries,
      Daemons daemons,
      ClusterCgroups cgroups) {
    this.address = address;
    this.paths = new NodeConfigs.Paths(dir);
    this.binaries = binaries;
    this.daemons = daemons;
    this.cgroups = cgroups;
  }

  ClusterNetwork.NodeAddress address() {
    return address;
  }

  Path directory() {
    return paths.dir();
  }

  Path containerdSocket() {
    return paths.containerdSocket();
  }

  /** Writes every configuration file of the node. */
  void writeConfigs(String sandboxImage, String clusterCidr, String apiUrl, Pki pki, Path caFile) {
    try {
      Files.createDirectories(paths.cniConfDir());
      Files.createDirectories(paths.kubeletRoot());
      Files.writeString(paths.containerdConfig(), NodeConfigs.containerd(paths, sandboxImage));
      Files.writeString(
          paths.cniConfDir().resolve("10-vth.conflist"),
          NodeConfigs.cni(paths, address.podCidr(), address.podGateway()));
      Files.writeString(
          paths.kubeletConfig(),
          NodeConfigs.kubelet(paths, address.ip(), cgroups.kubeletRoot(address.letter()), caFile));
      Files.writeString(
          paths.kubeProxyConfig(), NodeConfigs.kubeProxy(paths, address.name(), clusterCidr));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String caPem = pki.ca().certificatePem();
    String nodeUser = "system:node:" + address.name();
    Kubeconfig.write(
        paths.kubeletKubeconfig(),
        apiUrl,
        caPem,
        nodeUser,
        pki.componentCertificate(nodeUser, List.of("system:nodes")));
    Kubeconfig.write(
        paths.kubeProxyKubeconfig(),
        apiUrl,
        caPem,
        "system:kube-proxy",
        pki.componentCertificate("system:kube-proxy", List.of()));
  }

  /** Starts containerd (in the node's namespace and runtime cgroup). */
  void startContainerd() {
    containerd =
        daemons.launch(
            paths.dir().resolve("containerd.log"),
            address.netns(),
            cgroups.runtimeProcs(address.letter()),
            List.of("containerd", "--config", paths.containerdConfig().toString()));
  }

  /** Waits until containerd answers on its socket. */
  void awaitContainerd(long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Sh.Result last = null;
    while (System.currentTimeMillis() < deadline) {
      if (!containerd.isAlive()) {
        throw new IllegalStateException(
            "containerd of "
                + address.name()
                + " exited with "
                + containerd.exitValue()
                + ":\n"
                + KubeCluster.tail(paths.dir().resolve("containerd.log"), 20));
      }
      if (Files.exists(paths.containerdSocket())) {
        last = Sh.exec(ctr("version"));
        if (last.ok()) {
          return;
        }
      }
      KubeCluster.sleep(100);
    }
    throw new IllegalStateException(
        "containerd of "
            + address.name()
            + " not answering"
            + (last == null ? "" : ": " + last.output())
            + "\n"
            + KubeCluster.tail(paths.dir().resolve("containerd.log"), 20));
  }

  /**
   * Imports an OCI or docker archive into the CRI's namespace ({@code k8s.io}); returns the image
   * names it holds. Restarts containerd when a name was already there with another digest, since
   * the CRI would keep resolving the name to the old image.
   */
  List<String> importImage(Path tar) {
    Map<String, String> before = images();
    String out = Sh.run(ctr("images", "import", tar.toString()));
    Map<String, String> after = images();
    List<String> names = new ArrayList<>();
    boolean stale = false;
    for (Map.Entry<String, String> e : after.entrySet()) {
      if (e.getKey().startsWith("sha256:") || e.getKey().contains("@sha256:")) {
        continue; // the CRI's own references by image id and by repository digest
      }
      if (!e.getValue().equals(before.get(e.getKey())) || out.contains(e.getKey())) {
        names.add(e.getKey());
        stale |= before.containsKey(e.getKey()) && !e.getValue().equals(before.get(e.getKey()));
      }
    }
    if (stale) {
      LOG.log(
          System.Logger.Level.INFO,
          address.name() + ": re-imported tag " + names + ": restarting containerd");
      Daemons.stop(containerd, 10);
      startContainerd();
      awaitContainerd(30_000);
    }
    return names;
  }

  /** The images in the CRI's namespace: name to digest. */
  Map<String, String> images() {
    Map<String, String> m = new LinkedHashMap<>();
    String out = Sh.run(ctr("images", "ls"));
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 3 && !f[0].equals("REF") && f[2].startsWith("sha256:")) {
        m.put(f[0], f[2]);
      }
    }
    return m;
  }

  /** Starts the kubelet with the zone label and the node's address. */
  void startKubelet() {
    kubelet =
        daemons.launch(
            paths.dir().resolve("kubelet.log"),
            address.netns(),
            cgroups.daemonProcs(),
            List.of(
                binaries.binary("kubelet").toString(),
                "--config=" + paths.kubeletConfig(),
                "--kubeconfig=" + paths.kubeletKubeconfig(),
                "--root-dir=" + paths.kubeletRoot(),
                // Not below --root-dir by default: every kubelet would share one serving cert.
                "--cert-dir=" + paths.kubeletRoot().resolve("pki"),
                "--hostname-override=" + address.name(),
                "--node-ip=" + address.ip(),
                "--node-labels=" + KubeCluster.ZONE_LABEL + "=" + address.zone(),
                "--v=1"));
  }

  /** Starts kube-proxy (iptables mode) in the node's namespace. */
  void startKubeProxy() {
    kubeProxy =
        daemons.launch(
            paths.dir().resolve("kube-proxy.log"),
            address.netns(),
            cgroups.daemonProcs(),
            List.of(
                binaries.binary("kube-proxy").toString(),
                "--config=" + paths.kubeProxyConfig(),
                "--v=1"));
  }

  /** Whether the node's three daemons run; otherwise which does not. */
  String deadDaemon() {
    if (containerd != null && !containerd.isAlive()) {
      return "containerd";
    }
    if (kubelet != null && !kubelet.isAlive()) {
      return "kubelet";
    }
    if (kubeProxy != null && !kubeProxy.isAlive()) {
      return "kube-proxy";
    }
    return null;
  }

  /** Stops the kubelet and kube-proxy (containerd and the containers are left to teardown). */
  void stopAgents() {
    Daemons.stop(kubelet, 5);
    Daemons.stop(kubeProxy, 5);
  }

  private List<String> ctr(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ctr", "-a", paths.containerdSocket().toString()));
    cmd.addAll(List.of("-n", "k8s.io"));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
