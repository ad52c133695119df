package io.vth.e2e.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Fixtures are real {@code iperf3 3.12 --json} outputs (loopback, 1 s). */
class IperfResultTest {

  @Test
  void tcpThroughputComesFromTheReceiverSide() throws IOException {
    IperfResult r = IperfResult.parse(fixture("iperf3-tcp.json"));

    assertThat(r.protocol()).isEqualTo("TCP");
    assertThat(r.receivedBitsPerSecond()).isEqualTo(4211615509.859977);
    assertThat(r.sentBitsPerSecond()).isEqualTo(4266765631.561056);
    assertThat(r.bytesSent()).isEqualTo(533463040L);
    assertThat(r.retransmits()).contains(15L);
    assertThat(r.lostPercent()).isEmpty();
    assertThat(r.error()).isEmpty();
    assertThat(r.summary()).startsWith("TCP 1.00 s: 4.212 Gbit/s received");
  }

  @Test
  void udpReportsLoss() throws IOException {
    IperfResult r = IperfResult.parse(fixture("iperf3-udp.json"));

    assertThat(r.protocol()).isEqualTo("UDP");
    assertThat(r.sentBitsPerSecond()).isEqualTo(100129095.21957326);
    assertThat(r.receivedBitsPerSecond()).isEqualTo(98419159.5537351);
    assertThat(r.lostPercent()).hasValueSatisfying(l -> assertThat(l).isBetween(1.3, 1.31));
    assertThat(r.retransmits()).isEmpty();
  }

  @Test
  void errorsAreReported() throws IOException {
    IperfResult r = IperfResult.parse(fixture("iperf3-error.json"));

    assertThat(r.error()).contains("unable to connect to server: Connection refused");
    assertThat(r.receivedBitsPerSecond()).isZero();
  }

  @Test
  void garbageIsALabException() {
    assertThatThrownBy(() -> IperfResult.parse("iperf3: error - the server is busy"))
        .isInstanceOf(LabException.class)
        .hasMessageContaining("no valid JSON");
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = IperfResultTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
