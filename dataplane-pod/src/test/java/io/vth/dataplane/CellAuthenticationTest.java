package io.vth.dataplane;

import static io.vth.dataplane.Frames.HOST_MAC;
import static io.vth.dataplane.PodsOnLoopbackTest.config;
import static io.vth.dataplane.PodsOnLoopbackTest.receive;
import static io.vth.dataplane.PodsOnLoopbackTest.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vth.core.config.DecisionConfigJson;
import io.vth.core.flow.FlowKey;
import io.vth.core.packet.Ethernet;
import io.vth.core.seal.CellKeys;
import io.vth.core.seal.CellSeal;
import io.vth.core.seal.SealError;
import io.vth.core.seal.SealSequences;
import io.vth.core.wire.ActionQuery;
import io.vth.core.wire.GenerationChange;
import io.vth.decision.DecisionPodMain;
import io.vth.pod.PodIdentity;
import io.vth.pod.PodOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyed decision pod and a keyed dataplane pod on loopback: they forward as before, a datagram
 * from a socket without the key is refused and counted whatever it claims, a replay of an authentic
 * datagram is refused, and a key rotation in three steps loses nothing.
 */
class CellAuthenticationTest {

  private static final long MAC_B = 0x02_00_00_00_bb_0aL;
  private static final byte[] K1 = CellKeys.generate();
  private static final byte[] K2 = CellKeys.generate();

  @TempDir Path dir;
  private Path decisionKeys;
  private Path dataplaneKeys;
  private DatagramSocket netA;
  private DatagramSocket netB;
  private DecisionPodMain decision;
  private DataplanePodMain dataplane;
  private int nextPort = 6000;

  @BeforeEach
  void start() throws Exception {
    netA = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
    netB = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0));
    netB.setSoTimeout(200);
    Path file = dir.resolve("config.json");
    Files.write(file, DecisionConfigJson.write(config(netA.getLocalPort(), netB.getLocalPort())));
    decisionKeys = dir.resolve("decision.keys");
    dataplaneKeys = dir.resolve("dataplane.keys");
    Files.writeString(decisionKeys, CellKeys.format(K1));
    Files.writeString(dataplaneKeys, CellKeys.format(K1));
    PodOptions d =
        PodOptions.parse(
            new String[] {
              "--config-file", file.toString(),
              "--cell", "lo",
              "--pod-name", "decision-0",
              "--bind", "127.0.0.1",
              "--udp-port", "0",
              "--http-port", "0",
              "--cell-key-file", decisionKeys.toString(),
              "--cell-key-reload-millis", "100"
            },
            Map.of());
    decision = new DecisionPodMain(d).start(d);
    PodOptions p =
        PodOptions.parse(
            new String[] {
              "--config-file", file.toString(),
              "--cell", "lo",
              "--pod-name", "dataplane-0",
              "--decision-pods", "127.0.0.1:" + decision.udpPort(),
              "--bind", "127.0.0.1",
              "--vxlan-port", "0",
              "--http-port", "0",
              "--cell-key-file", dataplaneKeys.toString(),
              "--cell-key-reload-millis", "100"
            },
            Map.of());
    dataplane = new DataplanePodMain(p).start(p);
    // B makes itself known, so forwarding to it needs no ARP.
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
              send(netB, hub(), announce);
              return receive(netB);
            },
            r -> r != null);
  }

  @AfterEach
  void stop() {
    PodsOnLoopbackTest.closeAll(dataplane, decision, netB, netA);
  }

  @Test
  void forgedDatagramsFromASocketWithoutTheKeyAreRefusedAndCounted() throws Exception {
    assertNewFlowsArrive(3);
    long generation = dataplane.state().requiredGeneration();
    int control = dataplane.controlPorts().get(0);
    PodIdentity fake = PodIdentity.of("lo", "decision-0");
    byte[] notice = new byte[GenerationChange.LENGTH + CellSeal.TRAILER_LENGTH];
    int len =
        new GenerationChange().set(fake.cellId(), fake.podId(), 1L << 50, true).encode(notice, 0);

    try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress("127.0.0.4", 0))) {
      // The cell id is right, but nothing is signed ...
      forger.send(packet(notice, len, control));
      // ... or signed with another key.
      CellSeal wrongKey = new CellSeal(() -> CellKeys.of(CellKeys.generate()), new SealSequences());
      byte[] signed = notice.clone();
      forger.send(packet(signed, wrongKey.seal(signed, 0, len, local(control)), control));
      // A query to the decision pod, unsigned: no answer.
      byte[] query = new byte[ActionQuery.LENGTH];
      FlowKey flow = new FlowKey().setIpv4(1001, 17, 0xc0a8010a, 0x0a0a010a, 5000, 7);
      new ActionQuery().set(fake.cellId(), 7, 1, 0, flow).encode(query, 0);
      forger.send(packet(query, query.length, decision.udpPort()));
      forger.setSoTimeout(300);
      assertThat(receiveAny(forger)).as("an answer to an unsigned query").isNull();
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(dataplane.cellKeys().rejected(SealError.UNSEALED)).isEqualTo(1);
              assertThat(dataplane.cellKeys().rejected(SealError.BAD_TAG)).isEqualTo(1);
              assertThat(decision.cellKeys().rejected(SealError.BAD_TAG)).isEqualTo(1);
            });
    assertThat(dataplane.state().requiredGeneration()).isEqualTo(generation);
    assertNewFlowsArrive(3);
  }

  @Test
  void anAuthenticDatagramReplayedIsRefusedAndAClaimedGenerationIsClamped() throws Exception {
    int control = dataplane.controlPorts().get(0);
    PodIdentity insider = PodIdentity.of("lo", "decision-9");
    CellSeal withKey = new CellSeal(() -> CellKeys.of(K1), new SealSequences());
    byte[] notice = new byte[GenerationChange.LENGTH + CellSeal.TRAILER_LENGTH];
    int len =
        new GenerationChange()
            .set(insider.cellId(), insider.podId(), 1L << 50, true)
            .encode(notice, 0);
    int sealed = withKey.seal(notice, 0, len, local(control));

    try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress("127.0.0.5", 0))) {
      sender.send(packet(notice, sealed, control));
      sender.send(packet(notice, sealed, control));
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(dataplane.cellKeys().rejected(SealError.REPLAYED)).isEqualTo(1);
              // Authentic, but not from a known decision pod: not acted on.
              assertThat(dataplane.total(WorkerStats::controlRejected)).isEqualTo(1);
            });
    assertThat(dataplane.state().requiredGeneration())
        .isLessThanOrEqualTo(dataplane.state().highestClaimableGeneration());
    assertThat(dataplane.state().requiredGeneration()).isLessThan(1L << 50);
    assertNewFlowsArrive(3);
  }

  @Test
  void aKeyRotatedInThreeStepsLosesNoFlow() throws Exception {
    assertNewFlowsArrive(3);
    // 1. Every pod accepts the next key; all still sign with the old one.
    Files.writeString(decisionKeys, CellKeys.format(K1, K2));
    awaitKeysOf(false, CellKeys.of(K1, K2));
    assertNewFlowsArrive(3);
    Files.writeString(dataplaneKeys, CellKeys.format(K1, K2));
    awaitKeysOf(true, CellKeys.of(K1, K2));
    assertNewFlowsArrive(3);
    // 2. Pods sign with the next key, one after the other; the old one is still accepted.
    Files.writeString(dataplaneKeys, CellKeys.format(K2, K1));
    awaitKeysOf(true, CellKeys.of(K2, K1));
    assertNewFlowsArrive(3);
    Files.writeString(decisionKeys, CellKeys.format(K2, K1));
    awaitKeysOf(false, CellKeys.of(K2, K1));
    assertNewFlowsArrive(3);
    // 3. The old key goes.
    Files.writeString(decisionKeys, CellKeys.format(K2));
    Files.writeString(dataplaneKeys, CellKeys.format(K2));
    awaitKeysOf(false, CellKeys.of(K2));
    awaitKeysOf(true, CellKeys.of(K2));
    assertNewFlowsArrive(3);

    for (SealError e : SealError.values()) {
      assertThat(decision.cellKeys().rejected(e)).as("decision %s", e).isZero();
      assertThat(dataplane.cellKeys().rejected(e)).as("dataplane %s", e).isZero();
    }
    assertThat(dataplane.total(s -> s.dropped(DropCause.NO_DECISION))).isZero();
  }

  private void awaitKeysOf(boolean ofDataplane, CellKeys expected) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                (ofDataplane ? dataplane.cellKeys() : decision.cellKeys())
                    .describe()
                    .endsWith(expected.describe()));
  }

  /** {@code n} new flows from A (new source ports, so new queries) each arrive at B. */
  private void assertNewFlowsArrive(int n) throws Exception {
    for (int i = 0; i < n; i++) {
      int port = nextPort++;
      byte[] packet = Frames.udp("192.168.1.10", "10.10.1.10", port, 7, 64, 32);
      byte[] frame = Frames.vxlan(1001, 0x02_76_74_00_03_e9L, HOST_MAC, Ethernet.TYPE_IPV4, packet);
      send(netA, hub(), frame);
      byte[] got = receive(netB);
      while (got != null && !((got[20] & 0xff) == 0x08 && got[21] == 0)) {
        got = receive(netB);
      }
      assertThat(got).as("flow from port %d delivered at its first packet", port).isNotNull();
      assertThat(((got[22 + 20] & 0xff) << 8) | (got[22 + 21] & 0xff)).isEqualTo(port);
    }
  }

  private InetSocketAddress hub() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), dataplane.vxlanPort());
  }

  private static InetSocketAddress local(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private static DatagramPacket packet(byte[] data, int len, int port) {
    return new DatagramPacket(data, len, local(port));
  }

  private static byte[] receiveAny(DatagramSocket s) throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      s.receive(p);
      return buf;
    } catch (SocketTimeoutException e) {
      return null;
    }
  }
}
