package io.vth.e2e.hub;

import io.vth.core.config.DecisionConfig;
import io.vth.core.config.DecisionConfig.Attachment;
import io.vth.core.config.DecisionConfig.Dns;
import io.vth.core.config.DecisionConfig.Domain;
import io.vth.core.config.DecisionConfig.Hub;
import io.vth.core.config.DecisionConfig.Translation;
import io.vth.core.config.DecisionConfigJson;
import io.vth.dataplane.DataplanePodMain;
import io.vth.decision.DecisionPodMain;
import io.vth.e2e.lab.BackgroundProcess;
import io.vth.e2e.lab.NetnsLab;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.ProcessResult;
import io.vth.pod.PodOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A hub under test: real decision and dataplane pods (in this JVM, on real sockets) fed by a
 * decision config file, and isolated networks as network namespaces whose kernel VXLAN tunnels end
 * at the dataplane pod. Networks are attachments named after them in namespace {@code e2e}.
 */
final class HubFixture implements AutoCloseable {

  final NetnsLab lab = NetnsLab.create();
  final int hubPort = freeUdpPort();
  final Path dir;
  final Path configFile;
  final List<DecisionPodMain> decisionPods = new ArrayList<>();
  DataplanePodMain dataplane;
  private long generation;

  HubFixture() {
    try {
      dir = Files.createTempDirectory("vth-e2e");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    configFile = dir.resolve("decision-config.json");
  }

  /** A network in namespace {@code name} with one host, tunnelled to the hub. */
  Network network(
      String name, int vni, String cidr, String host, String gateway, String... routes) {
    return lab.network(name)
        .vni(vni)
        .cidr(cidr)
        .host(host)
        .gateway(gateway)
        .routes(routes)
        .hubPort(hubPort)
        .create();
  }

  /** The attachment of {@code n} in routing domain {@code domain}. */
  static Attachment attachment(Network n, String domain) {
    return attachment(n, domain, List.of());
  }

  /** The attachment of {@code n} in {@code domain}, whose own resolvers are {@code dnsServers}. */
  static Attachment attachment(Network n, String domain, List<String> dnsServers) {
    return new Attachment(
        "e2e/" + n.name(),
        n.vni(),
        domain,
        n.vethNamespaceAddress(),
        n.hubPort(),
        n.gatewayCidr(),
        String.format(
            "02:76:74:%02x:%02x:%02x", n.vni() >> 16 & 0xff, n.vni() >> 8 & 0xff, n.vni() & 0xff),
        List.of(n.cidr()),
        dnsServers);
  }

  /**
   * Publishes a new generation with these domains and attachments (atomically: write, then rename).
   */
  void publish(List<Domain> domains, List<Attachment> attachments) {
    publish(domains, attachments, List.of());
  }

  /** Publishes a new generation that also translates addresses. */
  void publish(List<Domain> domains, List<Attachment> attachments, List<Translation> translations) {
    publish(domains, attachments, translations, null);
  }

  /**
   * Publishes a new generation with translations and the hub's DNS rules ({@code dns} may be null).
   */
  void publish(
      List<Domain> domains, List<Attachment> attachments, List<Translation> translations, Dns dns) {
    generation++;
    Hub hub = new Hub("e2e/hub", domains, attachments, translations, dns);
    byte[] json =
        DecisionConfigJson.write(
            new DecisionConfig(DecisionConfig.SCHEMA_VERSION, generation, "e2e", List.of(hub)));
    try {
      Path tmp = dir.resolve("next.json");
      Files.write(tmp, json);
      Files.move(
          tmp, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long generation() {
    return generation;
  }

  /** Starts {@code decisionPods} decision pods and one dataplane pod. */
  void startPods(int count) throws Exception {
    StringBuilder peers = new StringBuilder();
    for (int i = 0; i < count; i++) {
      PodOptions o =
          options(
              "--config-file",
              configFile.toString(),
              "--cell",
              "e2e",
              "--pod-name",
              "decision-" + i,
              "--bind",
              "127.0.0.1",
              "--udp-port",
              "0",
              "--http-port",
              "0");
      DecisionPodMain pod = new DecisionPodMain(o).start(o);
      decisionPods.add(pod);
      peers.append(i == 0 ? "" : ",").append("127.0.0.1:").append(pod.udpPort());
    }
    PodOptions o =
        options(
            "--config-file",
            configFile.toString(),
            "--cell",
            "e2e",
            "--pod-name",
            "dataplane-0",
            "--decision-pods",
            peers.toString(),
            "--vxlan-port",
            String.valueOf(hubPort),
            "--http-port",
            "0");
    dataplane = new DataplanePodMain(o).start(o);
  }

  /**
   * Starts a UDP responder in network {@code n} that answers every datagram on {@code port} with
   * {@code name}; returns once it listens.
   */
  BackgroundProcess responder(Network n, int port, String name) {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    BackgroundProcess p =
        lab.spawn(
            n,
            javaBin,
            "-cp",
            System.getProperty("java.class.path"),
            NameResponder.class.getName(),
            String.valueOf(port),
            name);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> lab.exec(n, "ss", "-uln").stdout().contains(":" + port + " "));
    return p;
  }

  /** Sends one UDP datagram from network {@code n} and returns what came back (or the error). */
  ProcessResult udpAsk(Network n, String address, int port) {
    return lab.exec(
        n,
        "bash",
        "-c",
        "exec 3<>/dev/udp/"
            + address
            + "/"
            + port
            + " && printf who >&3 && timeout 3 dd bs=512 count=1 status=none <&3");
  }

  /** Stops decision pod {@code index}, as a crash or a rolling update would. */
  void stopDecisionPod(int index) {
    decisionPods.remove(index).close();
  }

  private static PodOptions options(String... args) {
    return PodOptions.parse(args, Map.of());
  }

  /**
   * The dataplane pod's {@code vth_packets_dropped_total} for {@code reason}, read from /metrics.
   */
  double dropped(String reason) {
    return metric("vth_packets_dropped_total\\{reason=\"" + reason + "\",?\\}");
  }

  double metric(String seriesRegex) {
    String text = metricsText();
    Matcher m = Pattern.compile("(?m)^" + seriesRegex + " ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  String metricsText() {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + dataplane.httpPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static int freeUdpPort() {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (dataplane != null) {
      dataplane.close();
    }
    for (DecisionPodMain p : decisionPods) {
      p.close();
    }
    lab.close();
  }
}
