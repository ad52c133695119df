package io.vth.e2e.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.config.DecisionConfig.Dns;
import io.vth.e2e.lab.Dig;
import io.vth.e2e.lab.NeedsNetns;
import io.vth.e2e.lab.Network;
import io.vth.e2e.lab.ProcessResult;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DnsPolicy mode Intercept with real kernels, dnsmasq and dig: no resolver change anywhere. A asks
 * B's and C's own dnsmasq directly, through the hub, at their translated addresses; the responses
 * crossing the hub have their answers rewritten in flight to the addresses A can reach.
 */
@NeedsNetns(binaries = {"bash", "ss", "dnsmasq", "dig"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsInterceptE2E {

  private HubFixture hub;
  private Network a;
  private Network b;
  private Network c;

  @BeforeAll
  void start() throws Exception {
    hub = new HubFixture();
    OverlappingNetworks nets = OverlappingNetworks.create(hub, 2201);
    a = nets.a();
    b = nets.b();
    c = nets.c();
    hub.publish(
        nets.domains(),
        nets.attachments(),
        nets.translations(),
        new Dns("Intercept", 30, List.of(), List.of(), List.of(), List.of()));
    hub.startPods(1);
    nets.startResolvers(hub);
    nets.startResponders(hub);
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void responsesCrossingTheHubCarryTheAddressesTheAskingNetworkReaches() {
    Dig fromB = Dig.ask(hub.lab, a, "100.64.1.10", "db.internal", "A");
    Dig fromC = Dig.ask(hub.lab, a, "100.64.2.10", "db.internal", "A");

    assertThat(fromB.data("A")).as(fromB.output()).containsExactly("100.64.1.10");
    assertThat(fromC.data("A")).as(fromC.output()).containsExactly("100.64.2.10");
    assertThat(fromB.answers().get(0).ttl()).as("capped by the policy").isLessThanOrEqualTo(30);
    ProcessResult hostB = hub.udpAsk(a, fromB.data("A").get(0), 7777);
    ProcessResult hostC = hub.udpAsk(a, fromC.data("A").get(0), 7777);
    assertThat(hostB.stdout()).as(hostB.describe()).isEqualTo("network-b");
    assertThat(hostC.stdout()).as(hostC.describe()).isEqualTo("network-c");
  }

  @Test
  void aNetworkAskingItsOwnResolverGetsItsRealAddress() {
    Dig own = Dig.ask(hub.lab, b, "192.168.1.10", "db.b.internal", "A");
    assertThat(own.data("A")).as(own.output()).containsExactly("192.168.1.10");
  }

  @Test
  void theGatewayDoesNotResolveInInterceptMode() {
    Dig r = Dig.ask(hub.lab, a, a.gatewayAddress(), "db.b.internal", "A");
    assertThat(r.status()).as(r.output()).isEqualTo("REFUSED");
  }

  @Test
  void malformedResponsesCrossingTheHubAreDroppedAndCounted() {
    // A second resolver address in C, served by a resolver that only sends malformed responses.
    hub.lab.exec(c, "ip", "addr", "add", "192.168.1.53/32", "dev", "vx0").orThrow();
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    hub.lab.spawn(
        c,
        javaBin,
        "-cp",
        System.getProperty("java.class.path"),
        BadResolver.class.getName(),
        "192.168.1.53",
        "53");
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> hub.lab.exec(c, "ss", "-uln").stdout().contains("192.168.1.53:53 "));
    double before = hub.dropped("malformed");

    Dig broken = Dig.ask(hub.lab, a, "100.64.2.53", "db.internal", "A");

    assertThat(broken.answers()).as(broken.output()).isEmpty();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(hub.dropped("malformed")).isGreaterThanOrEqualTo(before + 3));
    Dig stillServing = Dig.ask(hub.lab, a, "100.64.1.10", "db.internal", "A");
    assertThat(stillServing.data("A")).as(stillServing.output()).containsExactly("100.64.1.10");
  }
}
