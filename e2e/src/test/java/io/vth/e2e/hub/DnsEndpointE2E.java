package io.vth.e2e.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig.Dns;
import io.vth.core.config.DecisionConfig.DnsRecord;
import io.vth.core.config.DecisionConfig.Zone;
import io.vth.e2e.lab.BackgroundProcess;
import io.vth.e2e.lab.Dig;
import io.vth.e2e.lab.NeedsNetns;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.ProcessResult;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DnsPolicy mode Endpoint with real kernels, dnsmasq and dig: B and C both use 192.168.1.0/24
 * (translated to 100.64.1.0/24 and 100.64.2.0/24) and each runs its own dnsmasq on 192.168.1.10
 * answering the names of its zone. A asks the hub's gateway and gets each network's host under the
 * address A can reach; B asking for its own names gets its real addresses.
 */
@NeedsNetns(binaries = {"bash", "ss", "dnsmasq", "dig"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsEndpointE2E {

  private HubFixture hub;
  private Network a;
  private Network b;
  private Network c;

  @BeforeAll
  void start() throws Exception {
    hub = new HubFixture();
    OverlappingNetworks nets = OverlappingNetworks.create(hub, 2101);
    a = nets.a();
    b = nets.b();
    c = nets.c();
    hub.publish(
        nets.domains(),
        List.of(
            HubFixture.attachment(a, "default", List.of("10.1.0.10")),
            HubFixture.attachment(b, "default", List.of(OverlappingNetworks.HOST)),
            HubFixture.attachment(c, "default", List.of(OverlappingNetworks.HOST))),
        nets.translations(),
        new Dns(
            "Endpoint",
            30,
            List.of(),
            List.of(
                new Zone("b.internal", "e2e/b"),
                new Zone("c.internal", "e2e/c"),
                new Zone("bad.internal", "e2e/a")),
            List.of(
                new DnsRecord("files.corp", "e2e/c", List.of("192.168.1.10")),
                // 60 addresses: more than a 512-byte UDP answer holds.
                new DnsRecord(
                    "many.corp",
                    "e2e/b",
                    IntStream.rangeClosed(101, 160).mapToObj(i -> "192.168.1." + i).toList())),
            List.of()));
    hub.startPods(1);
    // Each network's resolver answers the names of its own zone (the hub forwards names as asked).
    nets.startResolvers(hub);
    nets.startResponders(hub);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private String dnsMetrics() {
    return hub.metricsText()
        .lines()
        .filter(l -> l.startsWith("vth_dns") || l.startsWith("vth_packets_dropped"))
        .filter(l -> !l.endsWith(" 0.0"))
        .reduce("\n", (x, y) -> x + y + "\n");
  }

  private Dig ask(Network from, String name) {
    return Dig.ask(hub.lab, from, from.gatewayAddress(), name, "A");
  }

  @Test
  void fromAEachOverlappingNetworksNameResolvesToItsTranslatedAddressAndReachesItsHost() {
    Dig toB = ask(a, "db.b.internal");
    Dig toC = ask(a, "db.c.internal");

    assertThat(toB.data("A")).as(toB.output()).containsExactly("100.64.1.10");
    assertThat(toC.data("A")).as(toC.output()).containsExactly("100.64.2.10");
    assertThat(toB.answers().get(0).ttl()).as("capped by the policy").isLessThanOrEqualTo(30);
    ProcessResult hostB = hub.udpAsk(a, toB.data("A").get(0), 7777);
    ProcessResult hostC = hub.udpAsk(a, toC.data("A").get(0), 7777);
    assertThat(hostB.stdout()).as(hostB.describe()).isEqualTo("network-b");
    assertThat(hostC.stdout()).as(hostC.describe()).isEqualTo("network-c");
  }

  @Test
  void aNetworkAskingForItsOwnNamesGetsItsRealAddresses() {
    Dig own = ask(b, "db.b.internal");
    Dig other = ask(b, "db.c.internal");

    assertThat(own.data("A")).as(own.output() + dnsMetrics()).containsExactly("192.168.1.10");
    assertThat(other.data("A")).as(other.output()).containsExactly("100.64.2.10");
  }

  @Test
  void theHubsOwnRecordsAreAnsweredAsEachNetworkSeesThem() {
    Dig fromA = ask(a, "files.corp");
    Dig fromC = ask(c, "files.corp");

    assertThat(fromA.data("A")).as(fromA.output()).containsExactly("100.64.2.10");
    assertThat(fromC.data("A")).as(fromC.output()).containsExactly("192.168.1.10");
  }

  @Test
  void dnsOverTcpToTheGatewayAnswersZonesAndTheHubsRecordsAsTheAskingNetworkSeesThem() {
    double accepted = hub.metric("vth_dns_tcp_connections_total\\{event=\"accepted\",?\\}");
    Dig zone = Dig.askWith(hub.lab, a, a.gatewayAddress(), "db.b.internal", "A", 5, "+tcp");
    Dig record =
        Dig.askWith(hub.lab, a, a.gatewayAddress(), "files.corp", "A", 5, "+tcp", "+noedns");
    Dig own = Dig.askWith(hub.lab, b, b.gatewayAddress(), "db.b.internal", "A", 5, "+tcp");

    assertThat(zone.data("A")).as(zone.output() + dnsMetrics()).containsExactly("100.64.1.10");
    assertThat(zone.output()).contains("(TCP)");
    assertThat(zone.answers().get(0).ttl()).as("capped by the policy").isLessThanOrEqualTo(30);
    assertThat(record.data("A")).as(record.output()).containsExactly("100.64.2.10");
    assertThat(own.data("A")).as(own.output()).containsExactly("192.168.1.10");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(hub.metric("vth_dns_tcp_connections_total\\{event=\"accepted\",?\\}"))
                    .isGreaterThanOrEqualTo(accepted + 3));
  }

  @Test
  void aRecordSetTooLargeForUdpIsTruncatedThereAndAnsweredWholeOverTcp() {
    Dig udp =
        Dig.askWith(hub.lab, a, a.gatewayAddress(), "many.corp", "A", 5, "+noedns", "+ignore");
    // dig's default: on TC=1 it asks again over TCP.
    Dig retried = Dig.askWith(hub.lab, a, a.gatewayAddress(), "many.corp", "A", 5, "+noedns");

    assertThat(udp.truncated()).as(udp.output()).isTrue();
    assertThat(udp.answers().size()).as(udp.output()).isLessThan(60);
    assertThat(retried.output()).contains("Truncated, retrying in TCP mode");
    assertThat(retried.truncated()).as(retried.output()).isFalse();
    assertThat(retried.data("A"))
        .as(retried.output())
        .hasSize(60)
        .contains("100.64.1.101", "100.64.1.160")
        .allMatch(x -> x.startsWith("100.64.1."));
  }

  @Test
  void tcpToAnotherPortOfTheGatewayIsRefusedAtOnce() {
    ProcessResult r =
        hub.lab.exec(
            a,
            Duration.ofSeconds(10),
            "dig",
            "+tcp",
            "+time=5",
            "+tries=1",
            "-p",
            "5353",
            "@" + a.gatewayAddress(),
            "db.b.internal",
            "A");
    assertThat(r.stdout() + r.stderr()).as(r.describe()).contains("connection refused");
    assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void namesOfNoZoneAreRefused() {
    Dig r = ask(a, "example.org");
    assertThat(r.status()).as(r.output()).isEqualTo("REFUSED");
  }

  @Test
  void malformedQueriesAndAnswersAreDroppedAndCountedAndThePodKeepsServing() {
    double before = hub.metric("vth_dns_dropped_total\\{reason=\"malformed\",?\\}");
    // Queries: a compression loop, counts larger than the message, a header cut short.
    String[] queries = {
      "\\x00\\x01\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\xc0\\x0c\\x00\\x01\\x00\\x01",
      "\\x00\\x02\\x01\\x00\\x00\\x01\\x00\\x09\\x00\\x09\\x00\\x00\\x01a\\x00\\x00\\x01\\x00\\x01",
      "\\x00\\x03\\x01\\x00\\x00\\x01"
    };
    for (String q : queries) {
      hub.lab
          .exec(
              a,
              "bash",
              "-c",
              "exec 3<>/dev/udp/" + a.gatewayAddress() + "/53 && printf '" + q + "' >&3")
          .orThrow();
    }
    // Answers: A's resolver for bad.internal answers every query with three malformed responses.
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    BackgroundProcess bad =
        hub.lab.spawn(
            a,
            javaBin,
            "-cp",
            System.getProperty("java.class.path"),
            BadResolver.class.getName(),
            "10.1.0.10",
            "53");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> hub.lab.exec(a, "ss", "-uln").stdout().contains("10.1.0.10:53 "));
    // The hub gives up on the resolver after its timeout (2 s) and answers SERVFAIL.
    Dig broken = Dig.ask(hub.lab, b, b.gatewayAddress(), "x.bad.internal", "A", 6);

    assertThat(broken.status()).as(broken.output()).isEqualTo("SERVFAIL");
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(hub.metric("vth_dns_dropped_total\\{reason=\"malformed\",?\\}"))
                    .isGreaterThanOrEqualTo(before + 6));
    Dig stillServing = ask(a, "db.b.internal");
    assertThat(stillServing.data("A")).as(stillServing.output()).containsExactly("100.64.1.10");
    bad.close();
  }
}
