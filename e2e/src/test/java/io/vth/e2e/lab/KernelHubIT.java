package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three networks behind the Linux kernel as the hub: A (192.168.1.0/24) and B (10.10.1.0/24) are
 * routed to each other; C (172.16.1.0/24) is attached (tunnel and gateway) but the hub has no route
 * to it.
 */
@NeedsNetns(binaries = {"ping", "iperf3", "ss"})
class KernelHubIT {
  private static NetnsLab lab;
  private static Network a;
  private static Network b;
  private static Network c;

  @BeforeAll
  static void setUp() {
    lab = NetnsLab.createWithHubNamespace();
    a =
        lab.network("a")
            .vni(1001)
            .cidr("192.168.1.0/24")
            .host("192.168.1.10")
            .gateway("169.254.10.1/30")
            .routes("10.10.1.0/24", "172.16.1.0/24")
            .create();
    b =
        lab.network("b")
            .vni(1002)
            .cidr("10.10.1.0/24")
            .host("10.10.1.10")
            .gateway("169.254.20.1/30")
            .routes("192.168.1.0/24")
            .create();
    c =
        lab.network("c")
            .vni(1003)
            .cidr("172.16.1.0/24")
            .host("172.16.1.10")
            .gateway("169.254.30.1/30")
            .routes("192.168.1.0/24")
            .create();
    KernelHub.start(lab).attachAndRoute(a).attachAndRoute(b).attach(c);
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
      assertThat(lab.leftovers()).isEmpty();
    }
  }

  @Test
  void aPingsBAndBackThroughOneRouterHop() {
    PingResult ab = lab.ping(a, "10.10.1.10", 3);
    PingResult ba = lab.ping(b, "192.168.1.10", 3);

    assertThat(ab.allReceived()).as(ab.raw()).isTrue();
    assertThat(ba.allReceived()).as(ba.raw()).isTrue();
    // replies leave with TTL 64 and cross the hub once
    assertThat(ab.ttls()).containsOnly(63).hasSize(3);
    assertThat(ba.ttls()).containsOnly(63).hasSize(3);
    System.out.printf(
        "A->B rtt min/avg/max %.3f/%.3f/%.3f ms%n",
        ab.rttMinMs().orElseThrow(), ab.rttAvgMs().orElseThrow(), ab.rttMaxMs().orElseThrow());
  }

  @Test
  void theGatewayAnswersOnItsSegmentWithoutAHop() {
    PingResult gw = lab.ping(a, a.gatewayAddress(), 2);

    assertThat(gw.allReceived()).as(gw.raw()).isTrue();
    assertThat(gw.ttls()).containsOnly(64);
  }

  @Test
  void fullSizedPacketsCrossWithoutFragmentation() {
    // 1422 bytes of payload + 8 ICMP + 20 IP = 1450 = the VXLAN MTU; DF set
    PingResult big = lab.ping(a, "10.10.1.10", 2, "-M", "do", "-s", "1422");

    assertThat(big.allReceived()).as(big.raw()).isTrue();
  }

  @Test
  void tcpThroughputFromAToB() {
    try (IperfServer server = lab.iperf3Server(b, 5201)) {
      IperfResult r = lab.iperf3Client(a, "10.10.1.10", server.port(), Duration.ofSeconds(2));

      System.out.println("iperf3 A->B through the kernel hub: " + r.summary());
      assertThat(r.protocol()).isEqualTo("TCP");
      assertThat(r.seconds()).isBetween(1.5, 3.0);
      assertThat(r.receivedBitsPerSecond()).isPositive();
    }
  }

  @Test
  void anUnroutedNetworkCannotReachA() {
    // C's own segment works: it is attached, the hub answers on its gateway...
    assertThat(lab.ping(c, c.gatewayAddress(), 1).allReceived()).isTrue();

    // ...but the hub has no route to 172.16.1.0/24, so nothing between A and C completes.
    // A first: the hub's ICMP errors toward A are rate limited (burst of 5), and C's requests make
    // A answer into the missing route, which spends that budget.
    PingResult ac = lab.ping(a, "172.16.1.10", 2);
    PingResult ca = lab.ping(c, "192.168.1.10", 3);

    assertThat(ca.received()).as(ca.raw()).isZero();
    assertThat(ac.received()).as(ac.raw()).isZero();
    assertThat(ac.icmpErrors())
        .as(ac.raw())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e).startsWith("From 169.254.10.1 ").endsWith("Unreachable"));
  }
}
