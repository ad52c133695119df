package io.vth.dataplane;

import static io.vth.dataplane.Frames.HOST_MAC;
import static io.vth.dataplane.PodsOnLoopbackTest.config;
import static io.vth.dataplane.PodsOnLoopbackTest.receive;
import static io.vth.dataplane.PodsOnLoopbackTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vth.core.config.DecisionConfigJson;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Ipv4;
import io.vth.core.wire.NeighborShare;
import io.vth.decision.DecisionPodMain;
import io.vth.pod.PodIdentity;
import io.vth.pod.PodOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real dataplane pods of one cell on loopback, as behind one Service: a network's frames reach
 * one of them, yet the other forwards to that network with the MAC only the first learned.
 */
class NeighborSharingTest {

  private static final long MAC_B = 0x02_00_00_00_bb_0aL;

  @TempDir Path dir;
  private DatagramSocket netA;
  private DatagramSocket netB;
  private DecisionPodMain decision;
  private DataplanePodMain pod0;
  private DataplanePodMain pod1;

  @BeforeEach
  void start() throws Exception {
    netA = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
    netB = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0));
    netB.setSoTimeout(200);
    Path file = dir.resolve("config.json");
    Files.write(file, DecisionConfigJson.write(config(netA.getLocalPort(), netB.getLocalPort())));
    PodOptions d =
        options(
            "--config-file",
            file.toString(),
            "--cell",
            "lo",
            "--pod-name",
            "decision-0",
            "--bind",
            "127.0.0.1",
            "--udp-port",
            "0",
            "--http-port",
            "0");
    decision = new DecisionPodMain(d).start(d);
    int peer0 = freePort();
    int peer1 = freePort();
    String peers = "127.0.0.1:" + peer0 + ",127.0.0.1:" + peer1;
    pod0 = dataplane(file, "dataplane-0", peer0, peers);
    pod1 = dataplane(file, "dataplane-1", peer1, peers);
  }

  private DataplanePodMain dataplane(Path file, String name, int peerPort, String peers)
      throws Exception {
    PodOptions p =
        options(
            "--config-file",
            file.toString(),
            "--cell",
            "lo",
            "--pod-name",
            name,
            "--decision-pods",
            "127.0.0.1:" + decision.udpPort(),
            "--bind",
            "127.0.0.1",
            "--vxlan-port",
            "0",
            "--http-port",
            "0",
            "--peer-port",
            Integer.toString(peerPort),
            "--peer-pods",
            peers);
    return new DataplanePodMain(p).start(p);
  }

  @AfterEach
  void stop() {
    PodsOnLoopbackTest.closeAll(pod1, pod0, decision, netB, netA);
  }

  @Test
  void aPodForwardsWithTheMacAnotherPodLearned() {
    // B is heard only by pod 1 (its ARP for the gateway); pod 1 answers and learns B's MAC.
    byte[] announce =
        Frames.vxlan(
            1002,
            Ethernet.BROADCAST,
            MAC_B,
            Ethernet.TYPE_ARP,
            Frames.arpRequest(MAC_B, "10.10.1.10", "169.254.0.5"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              send(netB, hub(pod1), announce);
              return receive(netB);
            },
            r -> r != null);

    // A's flow reaches pod 0, which never heard from B, yet sends to B's MAC at once.
    byte[] packet = Frames.udp("192.168.1.10", "10.10.1.10", 5000, 7, 64, 32);
    byte[] frame = Frames.vxlan(1001, 0x02_76_74_00_03_e9L, HOST_MAC, Ethernet.TYPE_IPV4, packet);
    byte[] got =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> {
                  send(netA, hub(pod0), frame);
                  return receive(netB);
                },
                r -> r != null && (r[20] & 0xff) == 0x08 && r[21] == 0);

    assertThat(Ethernet.readMac(got, 8)).isEqualTo(MAC_B);
    assertThat(Ipv4.ttl(got, 22)).isEqualTo(63);
    assertThat(pod0.state().neighbors().lookup(1002, Frames.ip("10.10.1.10"))).isEqualTo(MAC_B);
    assertThat(pod0.total(s -> s.packetsForwarded())).isPositive();
    assertThat(pod1.total(s -> s.packetsForwarded())).isZero();
  }

  @Test
  void aShareFromASocketThatIsNoPeerOfTheCellIsIgnoredAndCounted() throws Exception {
    PodIdentity forger = PodIdentity.of("lo", "dataplane-9");
    NeighborShare share = new NeighborShare().start(forger.cellId(), forger.podId());
    share.add(1002, Frames.ip("10.10.1.10"), 0x02_66_66_66_66_66L);
    byte[] bytes = new byte[share.length()];
    share.encode(bytes, 0);
    try (DatagramSocket foreign = new DatagramSocket(new InetSocketAddress("127.0.0.4", 0))) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                foreign.send(
                    new DatagramPacket(
                        bytes,
                        bytes.length,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), pod0.peerPort())));
                return pod0.sharing().count(NeighborSharing.Event.UNKNOWN_PEER) > 0;
              });
    }

    assertThat(pod0.state().neighbors().lookup(1002, Frames.ip("10.10.1.10")))
        .isEqualTo(NeighborTable.UNKNOWN);
    assertThat(pod0.sharing().count(NeighborSharing.Event.APPLIED)).isZero();
  }

  private static InetSocketAddress hub(DataplanePodMain pod) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), pod.vxlanPort());
  }

  private static int freePort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      return s.getLocalPort();
    }
  }

  private static PodOptions options(String... args) {
    return PodOptions.parse(args, Map.of());
  }
}
