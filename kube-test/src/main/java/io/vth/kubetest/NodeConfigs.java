package io.vth.kubetest;

import java.nio.file.Path;

/**
 * The configuration files of one node, as text: containerd's {@code config.toml}, the CNI conflist,
 * the kubelet's and kube-proxy's configuration. Every path is the node's own, so several nodes
 * share one host without sharing state. Each setting that differs from the defaults says why.
 */
final class NodeConfigs {
  private NodeConfigs() {}

  /** The node's folders and names. */
  record Paths(Path dir) {
    Path containerdSocket() {
      return dir.resolve("containerd.sock");
    }

    Path containerdConfig() {
      return dir.resolve("containerd.toml");
    }

    Path cniConfDir() {
      return dir.resolve("cni/net.d");
    }

    Path kubeletConfig() {
      return dir.resolve("kubelet.yaml");
    }

    Path kubeletKubeconfig() {
      return dir.resolve("kubelet.kubeconfig");
    }

    Path kubeletRoot() {
      return dir.resolve("kubelet");
    }

    Path kubeProxyConfig() {
      return dir.resolve("kube-proxy.yaml");
    }

    Path kubeProxyKubeconfig() {
      return dir.resolve("kube-proxy.kubeconfig");
    }
  }

  /** containerd 1.6 (Debian 12): own root, state, socket and runc root; the CRI settings. */
  static String containerd(Paths p, String sandboxImage) {
    Path d = p.dir();
    String cri = "[plugins.\"io.containerd.grpc.v1.cri\"";
    return String.join(
        "\n",
        "version = 2",
        "root = \"" + d.resolve("containerd/root") + "\"",
        "state = \"" + d.resolve("containerd/state") + "\"",
        "disabled_plugins = [\"io.containerd.snapshotter.v1.aufs\","
            + " \"io.containerd.snapshotter.v1.btrfs\", \"io.containerd.snapshotter.v1.devmapper\","
            + " \"io.containerd.snapshotter.v1.zfs\", \"io.containerd.tracing.processor.v1.otlp\","
            + " \"io.containerd.internal.v1.tracing\"]",
        "[grpc]",
        "  address = \"" + p.containerdSocket() + "\"",
        "[debug]",
        "  level = \"info\"",
        "[plugins.\"io.containerd.internal.v1.opt\"]",
        "  path = \"" + d.resolve("containerd/opt") + "\"",
        cri + "]",
        "  sandbox_image = \"" + sandboxImage + "\"",
        // This host lacks CAP_SYS_RESOURCE: runc may not lower oom_score_adj (every sandbox would
        // fail with "oom_score_adj: Permission denied").
        "  restrict_oom_score_adj = true",
        // Pod network namespaces under the state folder (not /var/run/netns), so teardown finds
        // and unmounts them by path.
        "  netns_mounts_under_state_dir = true",
        "  stream_server_address = \"127.0.0.1\"",
        "  stream_server_port = \"0\"",
        cri + ".containerd]",
        "  snapshotter = \"overlayfs\"",
        "  default_runtime_name = \"runc\"",
        cri + ".containerd.runtimes.runc]",
        "  runtime_type = \"io.containerd.runc.v2\"",
        cri + ".containerd.runtimes.runc.options]",
        "  SystemdCgroup = false",
        "  Root = \"" + d.resolve("runc") + "\"",
        cri + ".cni]",
        "  bin_dir = \"/usr/lib/cni\"",
        "  conf_dir = \"" + p.cniConfDir() + "\"",
        "  max_conf_num = 1",
        "");
  }

  /**
   * bridge ({@code cni0}, the pods' gateway; hairpin so a pod reaches itself through a Service)
   * with host-local addresses from the node's pod range (its own data folder: the default one is
   * shared by every node of the host), then portmap. containerd adds loopback itself. No IP
   * masquerade: the host and the other nodes route to every pod range.
   */
  static String cni(Paths p, String podCidr, String gateway) {
    return "{\n"
        + "  \"cniVersion\": \"1.0.0\",\n"
        + "  \"name\": \"vth\",\n"
        + "  \"plugins\": [\n"
        + "    {\"type\": \"bridge\", \"bridge\": \"cni0\", \"isGateway\": true,"
        + " \"ipMasq\": false, \"hairpinMode\": true,\n"
        + "     \"ipam\": {\"type\": \"host-local\", \"ranges\": [[{\"subnet\": \""
        + podCidr
        + "\", \"gateway\": \""
        + gateway
        + "\"}]],\n"
        + "              \"routes\": [{\"dst\": \"0.0.0.0/0\"}], \"dataDir\": \""
        + p.dir().resolve("cni/ipam")
        + "\"}},\n"
        + "    {\"type\": \"portmap\", \"capabilities\": {\"portMappings\": true}}\n"
        + "  ]\n"
        + "}\n";
  }

  /** The kubelet's configuration for a node with address {@code ip}. */
  static String kubelet(Paths p, String ip, String cgroupRoot, Path caFile) {
    return String.join(
        "\n",
        "apiVersion: kubelet.config.k8s.io/v1beta1",
        "kind: KubeletConfiguration",
        // cgroup v1 here: kubelets from 1.35 refuse it unless told.
        "failCgroupV1: false",
        "cgroupDriver: cgroupfs",
        // Its own tree: two kubelets on one host would share /kubepods otherwise.
        "cgroupRoot: " + cgroupRoot,
        "containerRuntimeEndpoint: unix://" + p.containerdSocket(),
        "address: " + ip,
        "port: 10250",
        "readOnlyPort: 0",
        "healthzBindAddress: 127.0.0.1",
        "healthzPort: 10248",
        "authentication:",
        "  anonymous: {enabled: false}",
        "  webhook: {enabled: true}",
        "  x509: {clientCAFile: " + caFile + "}",
        "authorization: {mode: Webhook}",
        "clusterDomain: cluster.local",
        "clusterDNS: [" + ClusterNetwork.DNS_IP + "]",
        // Pods must not inherit the host's resolvers (nothing outside this machine is reachable).
        "resolvConf: \"\"",
        "failSwapOn: false",
        // Lowering its own OOM score needs CAP_SYS_RESOURCE, which this host lacks.
        "oomScoreAdj: 0",
        // The default /var/log/pods is shared: each kubelet would delete the other's pod logs.
        "podLogsDir: " + p.dir().resolve("pod-logs"),
        // A test host's disk is what it is: no evictions, no image garbage collection.
        "evictionHard: {memory.available: 1%, nodefs.available: 1%, nodefs.inodesFree: 1%,"
            + " imagefs.available: 1%}",
        "imageGCHighThresholdPercent: 100",
        "imageGCLowThresholdPercent: 99",
        "serializeImagePulls: false",
        "rotateCertificates: false",
        "nodeStatusUpdateFrequency: 5s",
        "");
  }

  /** kube-proxy in iptables mode, inside the node's namespace (its rules are the node's own). */
  static String kubeProxy(Paths p, String nodeName, String clusterCidr) {
    return String.join(
        "\n",
        "apiVersion: kubeproxy.config.k8s.io/v1alpha1",
        "kind: KubeProxyConfiguration",
        "clientConnection: {kubeconfig: " + p.kubeProxyKubeconfig() + "}",
        "mode: iptables",
        "hostnameOverride: " + nodeName,
        "bindAddress: 0.0.0.0",
        "healthzBindAddress: 127.0.0.1:10256",
        "metricsBindAddress: 127.0.0.1:10249",
        "clusterCIDR: " + clusterCidr,
        // NodePorts on the node's address only (not on 127.0.0.1 or the pods' bridge).
        "nodePortAddresses: [primary]",
        "oomScoreAdj: 0",
        // The conntrack table size and timeouts are host-wide or read-only in a namespace: keep
        // them as they are (kind does the same).
        "conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}",
        "iptables: {minSyncPeriod: 0s, syncPeriod: 30s}",
        "");
  }
}
