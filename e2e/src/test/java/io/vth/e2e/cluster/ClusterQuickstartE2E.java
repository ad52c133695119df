package io.vth.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.vth.api.v1alpha1.AddressOverlapSpec;
import io.vth.api.v1alpha1.Condition;
import io.vth.api.v1alpha1.DnsPolicy;
import io.vth.api.v1alpha1.HubAttachment;
import io.vth.api.v1alpha1.VirtualTrafficHub;
import io.vth.e2e.lab.BackgroundProcess;
import io.vth.e2e.lab.Dig;
import io.vth.e2e.lab.IperfResult;
import io.vth.e2e.lab.NeedsNetns;
import io.vth.e2e.lab.NetnsLab;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.PingResult;
import io.vth.kubetest.KubeCluster;
import io.vth.kubetest.WithKubeCluster;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * vth as a user runs it: a two-node cluster built on this machine (a zone per node), the images
 * built here and loaded into the nodes' containerd, {@code helm install} of {@code helm/vth}, the
 * quickstart hub in a namespace that enforces the Pod Security Standard {@code restricted}, and its
 * three networks as network namespaces on the host (routed to the nodes by the host), each
 * tunnelling to exactly the address and port its attachment's {@code status.hubEndpoint} names (a
 * NodePort Service with {@code externalTrafficPolicy: Local}). Then ping, TCP and DNS across the
 * hub, a network on an overlapping range reached through translation, the dataplane pod killed, the
 * operator stopped, an attachment deleted.
 *
 * <p>The hub's cell runs in zone-a with two dataplane pods (a shard of two, on the zone's node) and
 * one decision pod. kube-proxy sends each of a network's tunnel flows (the outer source port is a
 * hash of the inner flow) to either dataplane pod, so a network's answer to one pod's ARP request
 * may reach the other: the pods share what they learn.
 */
@WithKubeCluster(nodes = 2)
@NeedsNetns(binaries = {"ping", "iperf3", "dig", "ethtool"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterQuickstartE2E {
  private static final System.Logger LOG = System.getLogger(ClusterQuickstartE2E.class.getName());
  private static final String RELEASE_NS = "vth-system";
  private static final String NS = "vth-quickstart";
  private static final Duration CONVERGE = Duration.ofMinutes(6);

  /** The quickstart's networks: attachment name to its range and its one host. */
  private static final Map<String, String[]> NETWORKS =
      Map.of(
          "c1s1", new String[] {"192.168.1.0/24", "192.168.1.10", "169.254.10.1/30"},
          "c1s2", new String[] {"10.10.1.0/24", "10.10.1.10", "169.254.11.1/30"},
          "c1s3", new String[] {"21.12.1.0/24", "21.12.1.10", "169.254.12.1/30"});

  private static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

  private String forwarding;
  private KubeCluster cluster;
  private KubernetesClient client;
  private NetnsLab lab;
  private final Map<String, Network> networks = new LinkedHashMap<>();

  @BeforeAll
  void installAndConnect(KubeCluster cluster) throws Exception {
    this.cluster = cluster;
    this.client = cluster.client();
    long t0 = System.nanoTime();
    // The host routes between the networks' namespaces and the nodes, as a VPN gateway would.
    forwarding = Files.readString(IP_FORWARD).strip();
    Files.writeString(IP_FORWARD, "1");
    for (Path archive : VthImages.build()) {
      cluster.loadImage(archive);
    }
    progress(t0, "images loaded");

    // The installer's placement of cell pods: a priority class of its own, a node selector every
    // node matches, a toleration.
    client
        .resource(
            new PriorityClassBuilder()
                .withNewMetadata()
                .withName("vth-network")
                .endMetadata()
                .withValue(100_000)
                .build())
        .create();
    new Helm(VthImages.repo().resolve("helm/vth"))
        .install()
        .withName("vth")
        .withNamespace(RELEASE_NS)
        .createNamespace()
        .set("endpointServiceType", "NodePort")
        .set("cell.priorityClassName", "vth-network")
        .set("cell.nodeSelector.kubernetes\\.io/os", "linux")
        .set("cell.tolerations[0].key", "example.com/network")
        .set("cell.tolerations[0].operator", "Exists")
        .set("cell.tolerations[0].effect", "NoSchedule")
        .withKubeConfig(cluster.adminKubeconfig())
        .call();
    client
        .apps()
        .deployments()
        .inNamespace(RELEASE_NS)
        .withName("vth-operator")
        .waitUntilCondition(d -> d != null && Readiness.isDeploymentReady(d), 5, TimeUnit.MINUTES);
    progress(t0, "chart installed, operator ready");

    // The quickstart's namespace enforces "restricted"; its hub as in examples/quickstart.
    for (HasMetadata o : load("examples/quickstart/00-namespace.yaml")) {
      o.getMetadata()
          .setLabels(
              Map.of(
                  "pod-security.kubernetes.io/enforce", "restricted",
                  "pod-security.kubernetes.io/enforce-version", "latest"));
      client.resource(o).create();
    }
    client
        .serviceAccounts()
        .inNamespace(NS)
        .withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
    VirtualTrafficHub quickstart =
        loadAs("examples/quickstart/10-hub.yaml", VirtualTrafficHub.class).get(0);
    quickstart.getSpec().cell.actionNodes.perZone = 2;
    quickstart.getSpec().cell.actionNodes.max = 2;
    quickstart.getSpec().cell.zones = List.of("zone-a");
    quickstart.getSpec().cell.shuffleShard.size = 2;
    quickstart.getSpec().cell.shuffleShard.maxOverlap = 0;
    client.resource(quickstart).create();

    // Each network is a namespace with a VXLAN tunnel; its attachment is the quickstart's with the
    // tunnel address, VNI and gateway the network really has.
    lab = NetnsLab.create();
    for (var e : NETWORKS.entrySet()) {
      List<String> others =
          NETWORKS.entrySet().stream()
              .filter(o -> !o.getKey().equals(e.getKey()))
              .map(o -> o.getValue()[0])
              .toList();
      networks.put(
          e.getKey(),
          lab.network(e.getKey())
              .cidr(e.getValue()[0])
              .host(e.getValue()[1])
              .gateway(e.getValue()[2])
              .routes(others.toArray(String[]::new))
              .create());
    }
    for (HubAttachment a : loadAs("examples/quickstart/20-attachments.yaml", HubAttachment.class)) {
      Network n = networks.get(a.getMetadata().getName());
      a.getSpec().tunnel.remote = n.vethNamespaceAddress();
      a.getSpec().tunnel.hubAddress = n.gatewayCidr();
      a.getSpec().tunnel.vni = n.vni();
      client.resource(a).create();
    }

    // Each network learns where to send from its attachment's status, and sends there.
    for (String name : NETWORKS.keySet()) {
      HubAttachment a = awaitReady(name);
      String address = a.getStatus().hubEndpoint.address;
      int port = a.getStatus().hubEndpoint.port;
      assertThat(cluster.nodes())
          .as("%s's endpoint %s is a node's address", name, address)
          .anyMatch(node -> node.address().equals(address));
      // A Linux VXLAN device listens on the port it sends to: the hub answers on the same port.
      client
          .resources(HubAttachment.class)
          .inNamespace(NS)
          .withName(name)
          .edit(
              x -> {
                x.getSpec().tunnel.port = port;
                return x;
              });
      networks.put(name, lab.retunnel(networks.get(name), address, port));
      LOG.log(System.Logger.Level.INFO, name + " tunnels to " + address + ":" + port);
    }
    await("hub corp Ready")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(status(hub(), "Ready")).isEqualTo("True"));
    progress(t0, "quickstart Ready");
  }

  @AfterAll
  void removeNetworks() throws IOException {
    if (lab != null) {
      lab.close();
    }
    if (forwarding != null) {
      Files.writeString(IP_FORWARD, forwarding);
    }
  }

  @Test
  @Order(1)
  void everyCellPodRunsAsAContainerUnderTheCellsOwnAccount() {
    List<Pod> pods =
        client.pods().inNamespace(NS).withLabel("vth.io/cell", "corp").list().getItems();
    assertThat(pods).hasSize(3);
    for (Pod p : pods) {
      assertThat(Readiness.isPodReady(p)).as(p.getMetadata().getName()).isTrue();
      assertThat(p.getSpec().getServiceAccountName()).isEqualTo("corp-cell");
      assertThat(p.getSpec().getPriorityClassName()).isEqualTo("vth-network");
      assertThat(p.getSpec().getPriority()).isEqualTo(100_000);
      assertThat(p.getSpec().getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
      assertThat(p.getSpec().getTolerations())
          .anyMatch(t -> "example.com/network".equals(t.getKey()));
      var limits = p.getSpec().getContainers().get(0).getResources().getLimits();
      assertThat(limits).containsKey("memory");
      assertThat(p.getStatus().getContainerStatuses().get(0).getContainerID())
          .startsWith("containerd://");
      String zone = p.getMetadata().getLabels().get("vth.io/zone");
      String node = p.getSpec().getNodeName();
      assertThat(cluster.nodes())
          .as("%s runs on a node of zone %s", p.getMetadata().getName(), zone)
          .anyMatch(n -> n.name().equals(node) && n.zone().equals(zone));
    }
  }

  @Test
  @Order(2)
  void pingCrossesTheHubBetweenEveryPair() {
    for (String from : NETWORKS.keySet()) {
      for (String to : NETWORKS.keySet()) {
        if (!from.equals(to)) {
          assertPings(from, NETWORKS.get(to)[1]);
        }
      }
    }
  }

  /**
   * Many flows between every pair (each ping a new ICMP id, so a new outer source port and a new
   * choice of pod by kube-proxy): all of them are delivered, both dataplane pods forward, and they
   * took neighbours from each other.
   *
   * <p>A Linux VXLAN device derives the outer source port from the inner flow, and for ICMP the
   * flow is only the pair of addresses: the pings of a pair may all reach one pod. So each network
   * also sends 40 UDP datagrams to the next, each from a new port, spreading its flows over both
   * pods (all 40 on one pod: a chance of 2^-39).
   */
  @Test
  @Order(3)
  void bothDataplanePodsForwardWithNeighboursTheyShare() throws Exception {
    for (String from : NETWORKS.keySet()) {
      for (String to : NETWORKS.keySet()) {
        if (!from.equals(to)) {
          for (int flow = 0; flow < 6; flow++) {
            PingResult r =
                lab.ping(networks.get(from), NETWORKS.get(to)[1], 2, "-i", "0.2", "-W", "1");
            assertThat(r.received())
                .as("flow %d %s -> %s: %s", flow, from, to, r.raw())
                .isEqualTo(2);
          }
        }
      }
    }
    List<String> names = List.copyOf(NETWORKS.keySet());
    for (int i = 0; i < names.size(); i++) {
      String to = NETWORKS.get(names.get((i + 1) % names.size()))[1];
      lab.exec(
              networks.get(names.get(i)),
              "bash",
              "-c",
              "for i in $(seq 1 40); do echo flow > /dev/udp/" + to + "/9; done")
          .orThrow();
    }
    List<Pod> dataplanes =
        client.pods().inNamespace(NS).withLabel("vth.io/role", "dataplane").list().getItems();
    assertThat(dataplanes).hasSize(2);
    await("both dataplane pods forward")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              for (Pod p : dataplanes) {
                assertThat(sample(metrics(p), "vth_packets_forwarded_total"))
                    .as("%s forwards", p.getMetadata().getName())
                    .isPositive();
              }
            });
    double applied = 0;
    for (Pod p : dataplanes) {
      String metrics = metrics(p);
      assertThat(sample(metrics, "vth_neighbor_shares_total{event=\"unknown_peer\"}"))
          .as("%s heard only its peers", p.getMetadata().getName())
          .isZero();
      applied += sample(metrics, "vth_neighbor_shares_total{event=\"applied\"}");
    }
    assertThat(applied).as("neighbour entries one pod took from the other").isPositive();
  }

  /**
   * The cell's pods sign and check every datagram with the cell's key: a datagram from the host
   * that has the cell's id but not its key is refused and counted, by a decision pod (queries) and
   * by a dataplane pod (neighbour shares), and forwarding goes on.
   */
  @Test
  @Order(4)
  void datagramsWithoutTheCellsKeyAreRefusedByEveryPod() throws Exception {
    assertThat(client.secrets().inNamespace(NS).withName("corp-cell-key").get())
        .as("the cell's key Secret")
        .isNotNull();
    Pod decision =
        client.pods().inNamespace(NS).withLabel("vth.io/role", "decision").list().getItems().get(0);
    Pod dataplane =
        client
            .pods()
            .inNamespace(NS)
            .withLabel("vth.io/role", "dataplane")
            .list()
            .getItems()
            .get(0);
    String reason = "vth_cell_messages_rejected_total{reason=\"bad_tag\"}";
    double decisionBefore = sample(metrics(decision), reason);
    double dataplaneBefore = sample(metrics(dataplane), reason);
    // A neighbour share naming the cell "corp", padded to the trailer's length, unsigned.
    byte[] forged = new byte[18 + 2 + 14 + 50];
    java.nio.ByteBuffer.wrap(forged)
        .putInt(0x56544831)
        .put((byte) 1)
        .put((byte) 6)
        .putLong(cellId("corp"))
        .putInt(1)
        .putShort((short) 1)
        .putInt(1)
        .putInt(0x0a0a010a)
        .put(new byte[] {2, 0x66, 0x66, 0x66, 0x66, 0x66});
    try (java.net.DatagramSocket host = new java.net.DatagramSocket()) {
      host.send(
          new java.net.DatagramPacket(
              forged,
              forged.length,
              java.net.InetAddress.getByName(decision.getStatus().getPodIP()),
              4791));
      host.send(
          new java.net.DatagramPacket(
              forged,
              forged.length,
              java.net.InetAddress.getByName(dataplane.getStatus().getPodIP()),
              4792));
    }
    await("both pods count the forged datagram")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(sample(metrics(decision), reason)).isEqualTo(decisionBefore + 1);
              assertThat(sample(metrics(dataplane), reason)).isEqualTo(dataplaneBefore + 1);
            });
    assertPings("c1s1", NETWORKS.get("c1s2")[1]);
  }

  /** The 64-bit id of cell {@code name} on the wire: the first 8 bytes of its SHA-256. */
  private static long cellId(String name) throws Exception {
    byte[] d =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return java.nio.ByteBuffer.wrap(d).getLong();
  }

  /** The pod's Prometheus text, read on its pod address (the host routes to the pod ranges). */
  private static String metrics(Pod pod) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://" + pod.getStatus().getPodIP() + ":8080/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** The value of the sample whose name and labels begin with {@code prefix}, 0 when absent. */
  private static double sample(String metrics, String prefix) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  @Test
  @Order(5)
  void tcpCrossesTheHub() {
    var server = lab.iperf3Server(networks.get("c1s2"), 5201);
    try {
      IperfResult r =
          lab.iperf3Client(
              networks.get("c1s1"), NETWORKS.get("c1s2")[1], 5201, Duration.ofSeconds(2));
      LOG.log(System.Logger.Level.INFO, "TCP c1s1 -> c1s2 through the cluster: " + r.summary());
      assertThat(r.receivedGbps()).isPositive();
    } finally {
      server.close();
    }
  }

  @Test
  @Order(6)
  void dnsAnswersFromTheGatewayAcrossTheHub() throws IOException {
    DnsPolicy policy =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
        apiVersion: vth.io/v1alpha1
        kind: DnsPolicy
        metadata: {name: dns, namespace: vth-quickstart}
        spec:
          hubRef: {name: corp}
          mode: Endpoint
          records:
            - {name: db.c1s2.internal, attachment: c1s2, addresses: [10.10.1.10]}
          ttlSeconds: 30
        """,
                DnsPolicy.class);
    client.resource(policy).create();
    String gateway = NETWORKS.get("c1s1")[2].split("/")[0];
    await("the hub's resolver answers in c1s1")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () ->
                assertThat(
                        Dig.ask(lab, networks.get("c1s1"), gateway, "db.c1s2.internal", "A")
                            .data("A"))
                    .containsExactly("10.10.1.10"));
    assertPings("c1s1", "10.10.1.10");
  }

  /**
   * A fourth network on c1s1's own range joins under the Automatic overlap policy: the hub
   * translates it to a range of its pool, and c1s2 reaches both copies of 192.168.1.10, c1s1's as
   * it is and c1s4's at its translated address.
   */
  @Test
  @Order(7)
  void anOverlappingNetworkIsReachedThroughTranslation() throws IOException {
    client
        .resources(VirtualTrafficHub.class)
        .inNamespace(NS)
        .withName("corp")
        .edit(
            h -> {
              h.getSpec().addressOverlap.policy = AddressOverlapSpec.Policy.Automatic;
              return h;
            });
    Network c1s4 =
        lab.network("c1s4")
            .cidr("192.168.1.0/24")
            .host("192.168.1.10")
            .gateway("169.254.13.1/30")
            .routes("10.10.1.0/24")
            .create();
    networks.put("c1s4", c1s4);
    HubAttachment a = loadAs("examples/quickstart/20-attachments.yaml", HubAttachment.class).get(0);
    a.getMetadata().setName("c1s4");
    a.getSpec().tunnel.remote = c1s4.vethNamespaceAddress();
    a.getSpec().tunnel.hubAddress = c1s4.gatewayCidr();
    a.getSpec().tunnel.vni = c1s4.vni();
    client.resource(a).create();
    HubAttachment ready = awaitReady("c1s4");
    assertThat(ready.getStatus().translations).hasSize(1);
    String translated = ready.getStatus().translations.get(0).to;
    String translatedHost = translated.substring(0, translated.lastIndexOf('.')) + ".10";
    client
        .resources(HubAttachment.class)
        .inNamespace(NS)
        .withName("c1s4")
        .edit(
            x -> {
              x.getSpec().tunnel.port = ready.getStatus().hubEndpoint.port;
              return x;
            });
    networks.put(
        "c1s4",
        lab.retunnel(
            c1s4, ready.getStatus().hubEndpoint.address, ready.getStatus().hubEndpoint.port));
    lab.exec(
            networks.get("c1s2"),
            "ip",
            "route",
            "add",
            translated,
            "via",
            NETWORKS.get("c1s2")[2].split("/")[0],
            "dev",
            Network.VXLAN_DEVICE,
            "src",
            NETWORKS.get("c1s2")[1])
        .orThrow();
    LOG.log(System.Logger.Level.INFO, "c1s4 (192.168.1.0/24 again) is translated to " + translated);

    assertPings("c1s2", translatedHost);
    assertPings("c1s2", NETWORKS.get("c1s1")[1]);
  }

  /**
   * A dataplane pod dies: its Deployment starts another on the same node, the Service's
   * EndpointSlice follows, and c1s1's ping to c1s2 resumes without any change on the networks'
   * side. The time without delivery is measured with a ping every 50 ms and stated.
   */
  @Test
  @Order(8)
  void flowsResumeWhenTheDataplanePodDies() {
    Pod dataplane =
        client
            .pods()
            .inNamespace(NS)
            .withLabel("vth.io/role", "dataplane")
            .list()
            .getItems()
            .get(0);
    BackgroundProcess ping =
        lab.spawn(
            networks.get("c1s1"),
            "ping",
            "-n",
            "-i",
            "0.05",
            "-W",
            "1",
            "-c",
            "2400",
            NETWORKS.get("c1s2")[1]);
    await("a steady flow before the kill")
        .atMost(Duration.ofSeconds(30))
        .until(() -> ping.stdout().lines().filter(l -> l.contains("bytes from")).count() >= 20);
    client.resource(dataplane).withGracePeriod(0).delete();
    await("the 120 s ping ends").atMost(Duration.ofSeconds(200)).until(() -> !ping.isAlive());
    PingResult r = PingResult.parse(ping.stdout());
    long lost = r.transmitted() - r.received();
    LOG.log(
        System.Logger.Level.INFO,
        String.format(
            "dataplane pod %s killed during a 120 s ping (every 50 ms) from c1s1 to c1s2: %d of"
                + " %d lost, about %.1f s without delivery",
            dataplane.getMetadata().getName(), lost, r.transmitted(), lost * 0.05));
    assertThat(r.received())
        .as("replies before and after the kill")
        .isGreaterThan(r.transmitted() / 2);
    assertPings("c1s1", NETWORKS.get("c1s2")[1]);
    assertPings("c1s2", NETWORKS.get("c1s3")[1]);
  }

  /** Without the operator, established flows and new ones go on: the cell runs on its own. */
  @Test
  @Order(9)
  void trafficGoesOnWithoutTheOperator() {
    client.apps().deployments().inNamespace(RELEASE_NS).withName("vth-operator").scale(0);
    await("operator gone")
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                client
                    .pods()
                    .inNamespace(RELEASE_NS)
                    .withLabel("app.kubernetes.io/component", "operator")
                    .list()
                    .getItems()
                    .isEmpty());
    try {
      assertPings("c1s1", NETWORKS.get("c1s2")[1]);
      assertPings("c1s3", NETWORKS.get("c1s2")[1]);
      assertPings("c1s2", NETWORKS.get("c1s3")[1]);
    } finally {
      client.apps().deployments().inNamespace(RELEASE_NS).withName("vth-operator").scale(1);
      client
          .apps()
          .deployments()
          .inNamespace(RELEASE_NS)
          .withName("vth-operator")
          .waitUntilCondition(
              d -> d != null && Readiness.isDeploymentReady(d), 5, TimeUnit.MINUTES);
    }
    // The new replica takes the expired Lease over, so it reconciles again.
    String replica =
        client
            .pods()
            .inNamespace(RELEASE_NS)
            .withLabel("app.kubernetes.io/component", "operator")
            .list()
            .getItems()
            .get(0)
            .getMetadata()
            .getName();
    await("the new operator replica leads")
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .leases()
                            .inNamespace(RELEASE_NS)
                            .withName("vth-operator-lease")
                            .get()
                            .getSpec()
                            .getHolderIdentity())
                    .isEqualTo(replica));
  }

  /** Deleting an attachment removes its Service and its routes; the others keep working. */
  @Test
  @Order(10)
  void aDeletedAttachmentsObjectsAndRoutesGoTheOthersKeepWorking() {
    client.resources(HubAttachment.class).inNamespace(NS).withName("c1s3").delete();
    try {
      await("c1s3 gone with its Service and routes")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                assertThat(
                        client
                            .resources(HubAttachment.class)
                            .inNamespace(NS)
                            .withName("c1s3")
                            .get())
                    .isNull();
                assertThat(client.services().inNamespace(NS).withName("corp-" + NS + "-c1s3").get())
                    .isNull();
                var routes = client.configMaps().inNamespace(NS).withName("c1s1-routes").get();
                assertThat(routes.getData().toString()).doesNotContain("21.12.1.0/24");
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\noperator log:\n" + operatorLog(), e);
    }
    assertPings("c1s1", NETWORKS.get("c1s2")[1]);
    assertPings("c1s2", NETWORKS.get("c1s1")[1]);
  }

  /** The operator's recent log, for failure messages. */
  private String operatorLog() {
    StringBuilder all = new StringBuilder();
    for (Pod p :
        client
            .pods()
            .inNamespace(RELEASE_NS)
            .withLabel("app.kubernetes.io/component", "operator")
            .list()
            .getItems()) {
      all.append("--- ").append(p.getMetadata().getName()).append('\n');
      all.append(
          client
              .pods()
              .inNamespace(RELEASE_NS)
              .withName(p.getMetadata().getName())
              .tailingLines(200)
              .getLog());
    }
    return all.toString();
  }

  private void assertPings(String from, String to) {
    await(from + " reaches " + to)
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> lab.ping(networks.get(from), to, 1, "-W", "1").allReceived());
    PingResult r = lab.ping(networks.get(from), to, 5, "-i", "0.2", "-W", "1");
    assertThat(r.received()).as("%s -> %s: %s", from, to, r.raw()).isEqualTo(5);
  }

  private HubAttachment awaitReady(String name) {
    await(name + " Ready with an endpoint")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              HubAttachment a =
                  client.resources(HubAttachment.class).inNamespace(NS).withName(name).get();
              assertThat(status(a, "Ready")).as(name + " Ready").isEqualTo("True");
              assertThat(a.getStatus().hubEndpoint).isNotNull();
            });
    return client.resources(HubAttachment.class).inNamespace(NS).withName(name).get();
  }

  private VirtualTrafficHub hub() {
    return client.resources(VirtualTrafficHub.class).inNamespace(NS).withName("corp").get();
  }

  private static String status(HasMetadata o, String type) {
    List<Condition> conditions =
        o instanceof HubAttachment a && a.getStatus() != null
            ? a.getStatus().conditions
            : o instanceof VirtualTrafficHub h && h.getStatus() != null
                ? h.getStatus().conditions
                : List.of();
    return conditions.stream()
        .filter(c -> c.type.equals(type))
        .map(c -> c.status.name())
        .findFirst()
        .orElse("absent");
  }

  private List<HasMetadata> load(String file) throws IOException {
    try (InputStream in = new FileInputStream(VthImages.repo().resolve(file).toFile())) {
      return client.load(in).items();
    }
  }

  /** The documents of a manifest file, as {@code type}. */
  private <T> List<T> loadAs(String file, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    for (String doc : Files.readString(VthImages.repo().resolve(file)).split("(?m)^---\\s*$")) {
      if (doc.contains("kind:")) {
        out.add(client.getKubernetesSerialization().unmarshal(doc, type));
      }
    }
    return out;
  }

  private static void progress(long t0, String what) {
    LOG.log(
        System.Logger.Level.INFO,
        String.format("cluster quickstart: %s after %.0f s", what, (System.nanoTime() - t0) / 1e9));
  }
}
