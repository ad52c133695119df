package io.vth.kubetest;

import java.nio.file.Path;
import java.util.List;

/**
 * The control-plane daemons a {@link KubeApiServer} alone lacks: kube-controller-manager (node pod
 * ranges, ServiceAccount tokens and the {@code kube-root-ca.crt} ConfigMaps, garbage collection,
 * namespace deletion, Endpoints, ...) and kube-scheduler. Both run on the host with their own
 * client certificates (the identities the bootstrap RBAC roles name) and serve nothing ({@code
 * --secure-port=0}: parallel clusters would fight over the default ports).
 */
final class ControlPlane {
  private final Path dir;
  private final Daemons daemons;
  private final ClusterCgroups cgroups;
  private final KubeBinaries.Found binaries;
  private final KubeApiServer apiServer;
  private final ClusterNetwork network;

  ControlPlane(
      Path dir,
      Daemons daemons,
      ClusterCgroups cgroups,
      KubeBinaries.Found binaries,
      KubeApiServer apiServer,
      ClusterNetwork network) {
    this.dir = dir;
    this.daemons = daemons;
    this.cgroups = cgroups;
    this.binaries = binaries;
    this.apiServer = apiServer;
    this.network = network;
  }

  void start() {
    Pki pki = apiServer.pki();
    String ca = pki.ca().certificatePem();
    Path cmConfig =
        Kubeconfig.write(
            dir.resolve("kube-controller-manager.kubeconfig"),
            apiServer.url(),
            ca,
            "system:kube-controller-manager",
            pki.componentCertificate("system:kube-controller-manager", List.of()));
    Path caKey = Pki.write(dir.resolve("ca.key"), pki.ca().privateKeyPem());
    daemons.launch(
        dir.resolve("kube-controller-manager.log"),
        null,
        cgroups.daemonProcs(),
        List.of(
            binaries.binary("kube-controller-manager").toString(),
            "--kubeconfig=" + cmConfig,
            "--authentication-kubeconfig=" + cmConfig,
            "--authorization-kubeconfig=" + cmConfig,
            "--secure-port=0",
            "--leader-elect=false",
            "--controllers=*",
            // One ServiceAccount per controller, as kubeadm does (the bootstrap roles expect it).
            "--use-service-account-credentials=true",
            "--service-account-private-key-file=" + apiServer.serviceAccountKeyFile(),
            "--root-ca-file=" + apiServer.caFile(),
            "--cluster-signing-cert-file=" + apiServer.caFile(),
            "--cluster-signing-key-file=" + caKey,
            "--allocate-node-cidrs=true",
            "--cluster-cidr=" + network.clusterCidr(),
            "--node-cidr-mask-size=24",
            "--service-cluster-ip-range=" + ClusterNetwork.SERVICE_CIDR,
            "--configure-cloud-routes=false",
            "--v=1"));
    Path schedConfig =
        Kubeconfig.write(
            dir.resolve("kube-scheduler.kubeconfig"),
            apiServer.url(),
            ca,
            "system:kube-scheduler",
            pki.componentCertificate("system:kube-scheduler", List.of()));
    daemons.launch(
        dir.resolve("kube-scheduler.log"),
        null,
        cgroups.daemonProcs(),
        List.of(
            binaries.binary("kube-scheduler").toString(),
            "--kubeconfig=" + schedConfig,
            "--authentication-kubeconfig=" + schedConfig,
            "--authorization-kubeconfig=" + schedConfig,
            "--secure-port=0",
            "--leader-elect=false",
            "--v=1"));
  }
}
