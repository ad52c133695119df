package io.vth.dataplane;

import static io.vth.dataplane.Frames.HOST_MAC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Route;
import io.vth.core.config.DecisionConfigJson;
import io.vth.core.packet.Arp;
import io.vth.core.packet.Ethernet;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Vxlan;
import io.vth.decision.DecisionPodMain;
import io.vth.pod.PodOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real decision pod and a real dataplane pod exchanging real UDP on loopback: two "networks" are
 * sockets on 127.0.0.2 and 127.0.0.3 that send and receive VXLAN frames.
 */
class PodsOnLoopbackTest {

  @Test
  void aFrameFromOneNetworkArrivesAtTheOtherRoutedAndDecremented(@TempDir Path dir)
      throws Exception {
    routesOneFrame(dir, List.of());
  }

  /**
   * A third attachment the pods cannot serve (an IPv6 tunnel) is skipped by both pods, which say so
   * in their metrics, and the other two are served as if it were not there.
   */
  @Test
  void anAttachmentThePodsCannotServeIsSkippedAndTheOthersForward(@TempDir Path dir)
      throws Exception {
    Attachment v6 =
        new Attachment(
            "lo/v6",
            1003,
            "default",
            "2001:db8::3",
            4789,
            "169.254.0.9/30",
            "02:76:74:00:03:eb",
            List.of("10.30.0.0/16"),
            List.of());
    routesOneFrame(dir, List.of(v6));
  }

  private static String metrics(int httpPort) throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void routesOneFrame(Path dir, List<Attachment> extra) throws Exception {
    try (DatagramSocket netA = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
        DatagramSocket netB = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0))) {
      netB.setSoTimeout(200);
      Path file = dir.resolve("config.json");
      Files.write(
          file, DecisionConfigJson.write(config(netA.getLocalPort(), netB.getLocalPort(), extra)));
      PodOptions d =
          PodOptions.parse(
              new String[] {
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
                "0"
              },
              Map.of());
      try (DecisionPodMain decision = new DecisionPodMain(d).start(d)) {
        PodOptions p =
            PodOptions.parse(
                new String[] {
                  "--config-file",
                  file.toString(),
                  "--cell",
                  "lo",
                  "--pod-name",
                  "dataplane-0",
                  "--decision-pods",
                  "127.0.0.1:" + decision.udpPort(),
                  "--bind",
                  "0.0.0.0",
                  "--vxlan-port",
                  "0",
                  "--http-port",
                  "0",
                  "--workers",
                  "2"
                },
                Map.of());
        try (DataplanePodMain dataplane = new DataplanePodMain(p).start(p)) {
          InetSocketAddress hub =
              new InetSocketAddress(InetAddress.getLoopbackAddress(), dataplane.vxlanPort());
          long macB = 0x02_00_00_00_bb_0aL;
          // B announces itself (ARP for its gateway), so the hub learns B's host MAC.
          byte[] announce =
              Frames.vxlan(
                  1002,
                  Ethernet.BROADCAST,
                  macB,
                  Ethernet.TYPE_ARP,
                  Frames.arpRequest(macB, "10.10.1.10", "169.254.0.5"));
          byte[] arpReply =
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(
                      () -> {
                        send(netB, hub, announce);
                        return receive(netB);
                      },
                      r -> r != null);
          assertThat(Arp.operation(arpReply, 22)).isEqualTo(Arp.OP_REPLY);

          byte[] packet = Frames.udp("192.168.1.10", "10.10.1.10", 5000, 7, 64, 32);
          byte[] frame =
              Frames.vxlan(1001, 0x02_76_74_00_03_e9L, HOST_MAC, Ethernet.TYPE_IPV4, packet);
          byte[] got =
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(
                      () -> {
                        send(netA, hub, frame);
                        return receive(netB);
                      },
                      r ->
                          r != null
                              && Ethernet.readMac(r, 8) == macB
                              && (r[20] & 0xff) == 0x08
                              && r[21] == 0);
          assertThat(Vxlan.vni(got, 0)).isEqualTo(1002);
          assertThat(Ethernet.readMac(got, 8)).isEqualTo(macB);
          assertThat(Ipv4.ttl(got, 22)).isEqualTo(63);
          assertThat(Ipv4.verifyHeaderChecksum(got, 22)).isTrue();
          assertThat(Arrays.copyOfRange(got, 22 + 28, got.length))
              .isEqualTo(Arrays.copyOfRange(packet, 28, packet.length));
          assertThat(dataplane.total(s -> s.packetsForwarded())).isPositive();
          String skipped = "vth_config_attachments_skipped " + extra.size() + ".0";
          assertThat(metrics(dataplane.httpPort())).contains(skipped);
          assertThat(metrics(decision.httpPort())).contains(skipped);
        }
      }
    }
  }

  /** Closes each of {@code all} that is not null, in order, whatever the others do. */
  static void closeAll(AutoCloseable... all) {
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the next one still closes
      }
    }
  }

  static DecisionConfig config(int portA, int portB) {
    return config(portA, portB, List.of());
  }

  static DecisionConfig config(int portA, int portB, List<Attachment> extra) {
    Hub hub =
        new Hub(
            "lo/corp",
            List.of(
                new Domain(
                    "default",
                    List.of(Route.to("192.168.1.0/24", "lo/a"), Route.to("10.10.1.0/24", "lo/b")))),
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(
                        new Attachment(
                            "lo/a",
                            1001,
                            "default",
                            "127.0.0.2",
                            portA,
                            "169.254.0.1/30",
                            "02:76:74:00:03:e9",
                            List.of("192.168.1.0/24"),
                            List.of()),
                        new Attachment(
                            "lo/b",
                            1002,
                            "default",
                            "127.0.0.3",
                            portB,
                            "169.254.0.5/30",
                            "02:76:74:00:03:ea",
                            List.of("10.10.1.0/24"),
                            List.of())),
                    extra.stream())
                .toList(),
            List.of(),
            null);
    return new DecisionConfig(1, 1, "lo", List.of(hub));
  }

  static void send(DatagramSocket from, InetSocketAddress to, byte[] data) throws Exception {
    from.send(new DatagramPacket(data, data.length, to));
  }

  static byte[] receive(DatagramSocket s) throws Exception {
    byte[] buf = new byte[2048];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      s.receive(p);
      return Arrays.copyOf(buf, p.getLength());
    } catch (SocketTimeoutException e) {
      return null;
    }
  }
}
