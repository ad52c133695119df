package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class IcmpTest {

  private static final int ROUTER = 0x0a000001;
  private static final int CLIENT = 0xc0a80a05;
  private static final int SERVER = 0x08080808;

  @Property(tries = 200)
  void echoRoundTripsOverBothFamilies(
      @ForAll boolean request,
      @ForAll @IntRange(max = 0xffff) int id,
      @ForAll @IntRange(max = 0xffff) int seq,
      @ForAll @Size(max = 64) byte[] payload) {
    int type4 = request ? Icmp.ECHO_REQUEST : Icmp.ECHO_REPLY;
    int type6 = request ? Icmpv6.ECHO_REQUEST : Icmpv6.ECHO_REPLY;
    byte[] v4 =
        TestPackets.ipv4(
            IpProtocol.ICMP, CLIENT, SERVER, TestPackets.echo(type4, id, seq, payload));
    byte[] v6 =
        TestPackets.ipv6(
            IpProtocol.ICMPV6,
            TestPackets.address6(1),
            TestPackets.address6(2),
            TestPackets.echo(type6, id, seq, payload));
    int len = 8 + payload.length;

    assertThat(Icmp.check(v4, 20, len)).isEqualTo(PacketStatus.OK);
    assertThat(Icmp.type(v4, 20)).isEqualTo(type4);
    assertThat(Icmp.code(v4, 20)).isZero();
    assertThat(Icmp.identifier(v4, 20)).isEqualTo(id);
    assertThat(Icmp.sequence(v4, 20)).isEqualTo(seq);
    assertThat(Icmp.isEcho(type4)).isTrue();
    assertThat(Icmpv6.check(v6, 0, 40, len)).isEqualTo(PacketStatus.OK);
    assertThat(Icmpv6.type(v6, 40)).isEqualTo(type6);
    assertThat(Icmpv6.identifier(v6, 40)).isEqualTo(id);
    assertThat(Icmpv6.sequence(v6, 40)).isEqualTo(seq);
    assertThat(Icmpv6.isEcho(type6)).isTrue();
    v6[8] ^= 1;
    assertThat(Icmpv6.check(v6, 0, 40, len)).isEqualTo(PacketStatus.BAD_CHECKSUM);
    v4[28 + payload.length - 1] ^= 4;
    assertThat(Icmp.check(v4, 20, len)).isEqualTo(PacketStatus.BAD_CHECKSUM);
  }

  @Test
  void shortMessagesAreTruncated() {
    byte[] v6 =
        TestPackets.ipv6(
            IpProtocol.ICMPV6,
            new byte[16],
            new byte[16],
            TestPackets.echo(128, 1, 1, new byte[0]));
    for (int len = 0; len < 8; len++) {
      assertThat(Icmp.check(v6, 40, len)).isEqualTo(PacketStatus.TRUNCATED);
      assertThat(Icmpv6.check(v6, 0, 40, len)).isEqualTo(PacketStatus.TRUNCATED);
    }
    assertThat(Icmpv6.check(v6, 1, 40, 8)).isEqualTo(PacketStatus.TRUNCATED);
  }

  @Property(tries = 100)
  void timeExceededQuotesTheExpiredDatagramAndGoesBackToItsSource(
      @ForAll @IntRange(max = 0xffff) int srcPort,
      @ForAll @IntRange(max = 0xffff) int dstPort,
      @ForAll @Size(max = 1400) byte[] payload) {
    byte[] orig =
        TestPackets.ipv4(
            IpProtocol.UDP,
            CLIENT,
            SERVER,
            TestPackets.udp(srcPort, dstPort, payload),
            0,
            1,
            new byte[0]);
    byte[] out = new byte[Icmp.MAX_ERROR_DATAGRAM];

    int len = Icmp.writeTimeExceeded(out, 0, out.length, orig, 0, ROUTER);

    assertThat(len).isEqualTo(Math.min(576, 28 + orig.length));
    assertThat(Ipv4.check(out, 0, len)).isEqualTo(PacketStatus.OK);
    assertThat(Ipv4.source(out, 0)).isEqualTo(ROUTER);
    assertThat(Ipv4.destination(out, 0)).isEqualTo(CLIENT);
    assertThat(Ipv4.protocol(out, 0)).isEqualTo(IpProtocol.ICMP);
    assertThat(Icmp.check(out, 20, len - 20)).isEqualTo(PacketStatus.OK);
    assertThat(Icmp.type(out, 20)).isEqualTo(Icmp.TIME_EXCEEDED);
    assertThat(Icmp.code(out, 20)).isZero();
    IcmpError quoted = new IcmpError();
    assertThat(quoted.parseIpv4(out, 20, len - 20)).isEqualTo(PacketStatus.OK);
    assertThat(quoted.ipOffset()).isEqualTo(28);
    assertThat(quoted.protocol()).isEqualTo(IpProtocol.UDP);
    assertThat(quoted.hasPorts()).isTrue();
    assertThat(quoted.sourcePort()).isEqualTo(srcPort);
    assertThat(quoted.destinationPort()).isEqualTo(dstPort);
  }

  @Test
  void timeExceededCanBeBuiltOverTheOriginalAndRefusesSmallBuffers() {
    byte[] buf = new byte[600];
    byte[] orig =
        TestPackets.ipv4(IpProtocol.TCP, CLIENT, SERVER, TestPackets.tcp(1, 2, 0, new byte[0]));
    System.arraycopy(orig, 0, buf, 0, orig.length);

    assertThat(Icmp.writeTimeExceeded(new byte[67], 0, 67, orig, 0, ROUTER)).isEqualTo(-1);
    assertThat(Icmp.writeTimeExceeded(buf, 0, 600, buf, 0, ROUTER)).isEqualTo(68);
    assertThat(TestPackets.slice(buf, 28, orig.length)).isEqualTo(orig);
    assertThat(Ipv4.check(buf, 0, 68)).isEqualTo(PacketStatus.OK);
    assertThat(Icmp.check(buf, 20, 48)).isEqualTo(PacketStatus.OK);
  }

  @Property(tries = 100)
  void hopLimitExceededQuotesThePacketAndGoesBackToItsSource(
      @ForAll @IntRange(max = 0xffff) int srcPort, @ForAll @Size(max = 1500) byte[] payload) {
    byte[] client = TestPackets.address6(0x20);
    byte[] router = TestPackets.address6(0x70);
    byte[] orig =
        TestPackets.ipv6(
            IpProtocol.TCP,
            client,
            TestPackets.address6(0x40),
            TestPackets.tcp(srcPort, 443, 0, payload));
    byte[] out = new byte[Icmpv6.MAX_ERROR_PACKET];

    int len = Icmpv6.writeTimeExceeded(out, 0, out.length, orig, 0, router, 0);

    assertThat(len).isEqualTo(Math.min(1280, 48 + orig.length));
    assertThat(Ipv6.check(out, 0, len)).isEqualTo(PacketStatus.OK);
    assertThat(Ipv6.payloadLength(out, 0)).isEqualTo(len - 40);
    assertThat(TestPackets.slice(out, 8, 16)).isEqualTo(router);
    assertThat(TestPackets.slice(out, 24, 16)).isEqualTo(client);
    assertThat(Icmpv6.check(out, 0, 40, len - 40)).isEqualTo(PacketStatus.OK);
    assertThat(Icmpv6.type(out, 40)).isEqualTo(Icmpv6.TIME_EXCEEDED);
    IcmpError quoted = new IcmpError();
    assertThat(quoted.parseIpv6(out, 40, len - 40)).isEqualTo(PacketStatus.OK);
    assertThat(quoted.sourcePort()).isEqualTo(srcPort);
    assertThat(quoted.destinationPort()).isEqualTo(443);
    assertThat(Icmpv6.writeTimeExceeded(out, 0, len - 1, orig, 0, router, 0)).isEqualTo(-1);
  }

  @Test
  void errorsAreNotSentAboutErrorsFragmentsOrGroupAddresses() {
    byte[] udp = TestPackets.udp(1, 2, new byte[0]);
    assertThat(Icmp.mayReportError(TestPackets.ipv4(IpProtocol.UDP, CLIENT, SERVER, udp), 0, 28))
        .isTrue();
    byte[] ping =
        TestPackets.ipv4(IpProtocol.ICMP, CLIENT, SERVER, TestPackets.echo(8, 1, 1, new byte[0]));
    assertThat(Icmp.mayReportError(ping, 0, ping.length)).isTrue();
    assertThat(Icmp.mayReportError(ping, 0, 20)).isFalse();

    byte[] error =
        TestPackets.ipv4(IpProtocol.ICMP, CLIENT, SERVER, TestPackets.icmp(3, 1, 0, new byte[28]));
    byte[] fragment =
        TestPackets.ipv4(IpProtocol.UDP, CLIENT, SERVER, new byte[8], 1, 64, new byte[0]);
    byte[] toGroup = TestPackets.ipv4(IpProtocol.UDP, CLIENT, 0xe00000fb, udp);
    byte[] toAll = TestPackets.ipv4(IpProtocol.UDP, CLIENT, -1, udp);
    byte[] fromNobody = TestPackets.ipv4(IpProtocol.UDP, 0, SERVER, udp);
    byte[] fromLoopback = TestPackets.ipv4(IpProtocol.UDP, 0x7f000001, SERVER, udp);
    for (byte[] p : new byte[][] {error, fragment, toGroup, toAll, fromNobody, fromLoopback}) {
      assertThat(Icmp.mayReportError(p, 0, p.length)).isFalse();
    }
  }
}
