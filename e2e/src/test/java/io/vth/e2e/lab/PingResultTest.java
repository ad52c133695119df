package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingResultTest {

  @Test
  void parsesRepliesTtlsAndRtt() {
    String out =
        """
        PING 10.10.1.10 (10.10.1.10) 56(84) bytes of data.
        64 bytes from 10.10.1.10: icmp_seq=1 ttl=63 time=1.57 ms
        64 bytes from 10.10.1.10: icmp_seq=2 ttl=63 time=0.078 ms
        64 bytes from 10.10.1.10: icmp_seq=3 ttl=63 time=0.086 ms

        --- 10.10.1.10 ping statistics ---
        3 packets transmitted, 3 received, 0% packet loss, time 404ms
        rtt min/avg/max/mdev = 0.078/0.578/1.572/0.702 ms
        """;

    PingResult r = PingResult.parse(out);

    assertThat(r.transmitted()).isEqualTo(3);
    assertThat(r.received()).isEqualTo(3);
    assertThat(r.allReceived()).isTrue();
    assertThat(r.ttls()).containsExactly(63, 63, 63);
    assertThat(r.rttMinMs()).hasValue(0.078);
    assertThat(r.rttAvgMs()).hasValue(0.578);
    assertThat(r.rttMaxMs()).hasValue(1.572);
    assertThat(r.icmpErrors()).isEmpty();
  }

  @Test
  void parsesIcmpErrorsAndTotalLoss() {
    String out =
        """
        PING 172.16.1.10 (172.16.1.10) 56(84) bytes of data.
        From 169.254.10.1 icmp_seq=1 Destination Net Unreachable
        From 169.254.10.1 icmp_seq=2 Destination Net Unreachable

        --- 172.16.1.10 ping statistics ---
        2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 201ms
        """;

    PingResult r = PingResult.parse(out);

    assertThat(r.transmitted()).isEqualTo(2);
    assertThat(r.received()).isZero();
    assertThat(r.allReceived()).isFalse();
    assertThat(r.ttls()).isEmpty();
    assertThat(r.rttAvgMs()).isEmpty();
    assertThat(r.icmpErrors())
        .containsExactly(
            "From 169.254.10.1 icmp_seq=1 Destination Net Unreachable",
            "From 169.254.10.1 icmp_seq=2 Destination Net Unreachable");
  }

  @Test
  void silentLossHasNoErrors() {
    String out =
        """
        PING 192.168.1.10 (192.168.1.10) 56(84) bytes of data.

        --- 192.168.1.10 ping statistics ---
        3 packets transmitted, 0 received, 100% packet loss, time 410ms
        """;

    PingResult r = PingResult.parse(out);

    assertThat(r.transmitted()).isEqualTo(3);
    assertThat(r.received()).isZero();
    assertThat(r.icmpErrors()).isEmpty();
  }
}
