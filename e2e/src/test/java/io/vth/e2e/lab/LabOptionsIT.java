package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Builder options: a hub address other than the veth peer, and a smaller MTU. */
@NeedsNetns(binaries = {"ping"})
class LabOptionsIT {

  @Test
  void aSeparateHubAddressAndASmallerMtu() {
    try (NetnsLab lab = NetnsLab.createWithHubNamespace()) {
      Network a =
          lab.network("a")
              .cidr("192.168.1.0/24")
              .host("192.168.1.10")
              .routes("10.10.1.0/24")
              .hub("10.253.0.1", 4789)
              .mtu(1400)
              .create();
      Network b =
          lab.network("b")
              .cidr("10.10.1.0/24")
              .host("10.10.1.10")
              .routes("192.168.1.0/24")
              .mtu(1400)
              .create();
      KernelHub.start(lab).attachAndRoute(a).attachAndRoute(b);
      assertThat(a.gatewayCidr()).isEqualTo("169.254.10.1/30");
      assertThat(a.onLinkAddress()).isEqualTo("169.254.10.2");
      assertThat(b.gatewayCidr()).isEqualTo("169.254.11.1/30");

      // 1372 + 28 = 1400 fits; one byte more does not (DF set, refused locally)
      PingResult fits = lab.ping(a, "10.10.1.10", 2, "-M", "do", "-s", "1372");
      PingResult tooBig = lab.ping(a, "10.10.1.10", 1, "-M", "do", "-s", "1373");

      assertThat(fits.allReceived()).as(fits.raw()).isTrue();
      assertThat(fits.ttls()).containsOnly(63);
      assertThat(tooBig.received()).isZero();
      assertThat(tooBig.raw()).contains("mtu=1400");
      assertThat(lab.exec(a, "ip", "route", "get", "10.253.0.1").stdout())
          .contains("via " + a.vethHostAddress() + " dev eth0");
    }
  }

  @Test
  void pingTellsNoReplyFromNotRunning() {
    try (NetnsLab lab = NetnsLab.create()) {
      Network a = lab.network("a").cidr("192.168.1.0/24").host("192.168.1.10").create();

      // no route in the namespace: a result with nothing received, not an exception
      PingResult noRoute = lab.ping(a, "10.99.0.1", 1);
      assertThat(noRoute.received()).isZero();
      assertThat(noRoute.raw()).contains("Network is unreachable");

      // a broken command must never pass for "unreachable"
      assertThatThrownBy(() -> lab.ping(lab.prefix() + "nosuchnetns", "192.168.1.10", 1))
          .isInstanceOf(LabException.class)
          .hasMessageContaining("ping did not run");
      assertThatThrownBy(() -> lab.ping(a, "192.168.1.10", 1, "--no-such-option"))
          .isInstanceOf(LabException.class);
    }
  }
}
