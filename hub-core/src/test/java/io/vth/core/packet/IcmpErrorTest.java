package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IcmpErrorTest {

  private final IcmpError error = new IcmpError();

  @Test
  void portUnreachableQuotingAUdpDatagramWithOptions() {
    byte[] dns =
        TestPackets.ipv4(
            IpProtocol.UDP,
            0x0a000005,
            0x0a000035,
            TestPackets.udp(40000, 53, new byte[30]),
            0,
            63,
            new byte[8]);
    byte[] quote = TestPackets.slice(dns, 0, 28 + 8);
    byte[] icmp = TestPackets.icmp(Icmp.DESTINATION_UNREACHABLE, 3, 0, quote);
    byte[] p = TestPackets.ipv4(IpProtocol.ICMP, 0x0a000035, 0x0a000005, icmp);

    assertThat(Icmp.check(p, 20, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.parseIpv4(p, 20, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.ipOffset()).isEqualTo(28);
    assertThat(Ipv4.source(p, error.ipOffset())).isEqualTo(0x0a000005);
    assertThat(error.protocol()).isEqualTo(IpProtocol.UDP);
    assertThat(error.transportOffset()).isEqualTo(28 + 28);
    assertThat(error.transportAvailable()).isEqualTo(8);
    assertThat(error.sourcePort()).isEqualTo(40000);
    assertThat(error.destinationPort()).isEqualTo(53);
  }

  @Test
  void quotesOfNonFirstFragmentsAndPortlessProtocolsHaveNoPorts() {
    byte[] fragment = TestPackets.ipv4(IpProtocol.UDP, 1, 2, new byte[16], 0x0010, 5, new byte[0]);
    byte[] icmp = TestPackets.icmp(Icmp.TIME_EXCEEDED, 1, 0, fragment);
    assertThat(error.parseIpv4(icmp, 0, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.hasPorts()).isFalse();
    assertThat(error.transportOffset()).isEqualTo(-1);

    byte[] gre = TestPackets.ipv4(47, 1, 2, new byte[8]);
    icmp = TestPackets.icmp(Icmp.PARAMETER_PROBLEM, 0, 0, gre);
    assertThat(error.parseIpv4(icmp, 0, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.protocol()).isEqualTo(47);
    assertThat(error.hasPorts()).isFalse();
  }

  @Test
  void packetTooBigQuotingTcpBehindExtensionHeaders() {
    int[] ext = {IpProtocol.HOP_BY_HOP, IpProtocol.DESTINATION_OPTIONS};
    byte[] src = TestPackets.address6(0x20);
    byte[] dst = TestPackets.address6(0x40);
    byte[] big =
        TestPackets.ipv6(
            IpProtocol.TCP, src, dst, TestPackets.tcp(443, 51000, Tcp.ACK, new byte[1400]), ext, 0);
    byte[] quote = TestPackets.slice(big, 0, 1232 - 48);
    byte[] icmp = TestPackets.icmp(Icmpv6.PACKET_TOO_BIG, 0, 1280, quote);
    byte[] p = TestPackets.ipv6(IpProtocol.ICMPV6, TestPackets.address6(1), src, icmp);

    assertThat(Icmpv6.check(p, 0, 40, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(Icmpv6.mtu(p, 40)).isEqualTo(1280);
    assertThat(error.parseIpv6(p, 40, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.ipOffset()).isEqualTo(48);
    assertThat(error.protocol()).isEqualTo(IpProtocol.TCP);
    assertThat(error.transportOffset()).isEqualTo(48 + 40 + 8 + 16);
    assertThat(error.sourcePort()).isEqualTo(443);
    assertThat(error.destinationPort()).isEqualTo(51000);
  }

  @Test
  void timeExceededQuotingAFirstFragmentOfUdpV6() {
    int[] ext = {IpProtocol.FRAGMENT};
    byte[] frag =
        TestPackets.ipv6(
            IpProtocol.UDP,
            TestPackets.address6(3),
            TestPackets.address6(4),
            TestPackets.udp(5353, 5353, new byte[100]),
            ext,
            1);
    byte[] icmp = TestPackets.icmp(Icmpv6.TIME_EXCEEDED, 0, 0, frag);

    assertThat(error.parseIpv6(icmp, 0, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.hasPorts()).isTrue();
    assertThat(error.sourcePort()).isEqualTo(5353);
  }

  @Test
  void nonErrorsAndBrokenQuotesAreReported() {
    byte[] echo = TestPackets.echo(Icmp.ECHO_REQUEST, 1, 1, new byte[40]);
    assertThat(error.parseIpv4(echo, 0, echo.length)).isEqualTo(PacketStatus.UNSUPPORTED);
    byte[] echo6 = TestPackets.echo(Icmpv6.ECHO_REPLY, 1, 1, new byte[40]);
    assertThat(error.parseIpv6(echo6, 0, echo6.length)).isEqualTo(PacketStatus.UNSUPPORTED);

    byte[] v6quote =
        TestPackets.icmp(
            Icmp.DESTINATION_UNREACHABLE,
            0,
            0,
            TestPackets.ipv6(IpProtocol.UDP, new byte[16], new byte[16], new byte[8]));
    assertThat(error.parseIpv4(v6quote, 0, v6quote.length)).isEqualTo(PacketStatus.BAD_VERSION);

    byte[] badIhl =
        TestPackets.icmp(
            Icmp.DESTINATION_UNREACHABLE, 0, 0, TestPackets.ipv4(6, 1, 2, new byte[8]));
    badIhl[8] = 0x43;
    assertThat(error.parseIpv4(badIhl, 0, badIhl.length)).isEqualTo(PacketStatus.BAD_IHL);
  }

  @Test
  void everyTruncationOfAnErrorIsReportedWithoutThrowing() {
    byte[] quoted4 =
        TestPackets.ipv4(
            IpProtocol.TCP, 1, 2, TestPackets.tcp(80, 8080, 0, new byte[0]), 0, 1, new byte[12]);
    byte[] icmp4 = TestPackets.icmp(Icmp.TIME_EXCEEDED, 0, 0, quoted4);
    for (int len = 0; len <= icmp4.length; len++) {
      PacketStatus status = error.parseIpv4(icmp4, 0, len);
      boolean portsFit = len >= 8 + 32 + 4;
      assertThat(status)
          .as("length %d", len)
          .isEqualTo(len < 8 + 32 ? PacketStatus.TRUNCATED : PacketStatus.OK);
      assertThat(error.hasPorts()).as("length %d", len).isEqualTo(portsFit);
    }

    int[] ext = {IpProtocol.ROUTING, IpProtocol.FRAGMENT};
    byte[] quoted6 =
        TestPackets.ipv6(
            IpProtocol.UDP, new byte[16], new byte[16], TestPackets.udp(1, 2, new byte[0]), ext, 0);
    byte[] icmp6 = TestPackets.icmp(Icmpv6.DESTINATION_UNREACHABLE, 4, 0, quoted6);
    for (int len = 0; len <= icmp6.length; len++) {
      PacketStatus status = error.parseIpv6(icmp6, 0, len);
      assertThat(status)
          .as("length %d", len)
          .isEqualTo(len < 8 + 40 + 8 + 8 ? PacketStatus.TRUNCATED : PacketStatus.OK);
      assertThat(error.hasPorts()).as("length %d", len).isEqualTo(len >= 8 + 56 + 4);
    }
  }

  @Test
  void aQuotedEchoYieldsItsIdentifierAsBothPorts() {
    byte[] ping =
        TestPackets.ipv4(
            IpProtocol.ICMP, 1, 2, TestPackets.echo(Icmp.ECHO_REQUEST, 0x5150, 9, new byte[0]));
    byte[] icmp = TestPackets.icmp(Icmp.DESTINATION_UNREACHABLE, 1, 0, ping);
    assertThat(error.parseIpv4(icmp, 0, icmp.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.hasPorts()).isTrue();
    assertThat(error.sourcePort()).isEqualTo(0x5150);
    assertThat(error.destinationPort()).isEqualTo(0x5150);
    assertThat(error.parseIpv4(icmp, 0, icmp.length - 1)).isEqualTo(PacketStatus.OK);
    assertThat(error.hasPorts()).isFalse();

    byte[] ping6 =
        TestPackets.ipv6(
            IpProtocol.ICMPV6,
            new byte[16],
            new byte[16],
            TestPackets.echo(Icmpv6.ECHO_REQUEST, 7, 1, new byte[4]));
    byte[] icmp6 = TestPackets.icmp(Icmpv6.DESTINATION_UNREACHABLE, 3, 0, ping6);
    assertThat(error.parseIpv6(icmp6, 0, icmp6.length)).isEqualTo(PacketStatus.OK);
    assertThat(error.hasPorts()).isTrue();
    assertThat(error.sourcePort()).isEqualTo(7);
  }
}
