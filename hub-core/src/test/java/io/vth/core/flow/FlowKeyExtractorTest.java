package io.vth.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.packet.IpProtocol;
import io.vth.core.packet.Ipv4;
import io.vth.core.packet.Ipv6;
import io.vth.core.packet.PacketStatus;
import io.vth.core.packet.Tcp;
import io.vth.core.packet.TestPackets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FlowKeyExtractorTest {

  private static final int VNI = 0x123456;
  private static final int CLIENT = 0x0a000005;
  private static final int SERVER = 0x0a010001;
  private static final byte[] CLIENT6 = TestPackets.address6(0x20);
  private static final byte[] SERVER6 = TestPackets.address6(0x40);

  private final FlowKeyExtractor extractor = new FlowKeyExtractor();
  private final FlowKey key = new FlowKey();

  @Property(tries = 200)
  void transportPortsAreKeyedForBothFamilies(
      @ForAll boolean v6,
      @ForAll boolean tcp,
      @ForAll @IntRange(max = 0xffff) int srcPort,
      @ForAll @IntRange(max = 0xffff) int dstPort,
      @ForAll @IntRange(max = 0xffffff) int vni,
      @ForAll @Size(max = 32) byte[] payload) {
    int protocol = tcp ? IpProtocol.TCP : IpProtocol.UDP;
    byte[] l4 =
        tcp
            ? TestPackets.tcp(srcPort, dstPort, Tcp.ACK, payload)
            : TestPackets.udp(srcPort, dstPort, payload);
    byte[] p =
        v6
            ? TestPackets.ipv6(protocol, CLIENT6, SERVER6, l4)
            : TestPackets.ipv4(protocol, CLIENT, SERVER, l4);

    assertThat(extractor.extract(p, 0, p.length, vni, key)).isEqualTo(PacketStatus.OK);

    assertThat(key).isEqualTo(expected(v6, vni, protocol, srcPort, dstPort));
  }

  @Test
  void sctpCarriesPortsAndOtherProtocolsDoNot() {
    byte[] sctp =
        TestPackets.ipv4(
            IpProtocol.SCTP, CLIENT, SERVER, new byte[] {0, 7, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0});
    assertThat(extractor.extract(sctp, 0, sctp.length, VNI, key)).isEqualTo(PacketStatus.OK);
    assertThat(key).isEqualTo(expected(false, VNI, IpProtocol.SCTP, 7, 9));

    byte[] gre = TestPackets.ipv6(47, CLIENT6, SERVER6, new byte[3]);
    assertThat(extractor.extract(gre, 0, gre.length, VNI, key)).isEqualTo(PacketStatus.OK);
    assertThat(key).isEqualTo(expected(true, VNI, 47, 0, 0));
  }

  @Test
  void icmpEchoUsesTheIdentifierForBothPorts() {
    byte[] ping =
        TestPackets.ipv4(
            IpProtocol.ICMP, CLIENT, SERVER, TestPackets.echo(8, 0xbeef, 3, new byte[56]));
    assertThat(extractor.extract(ping, 0, ping.length, VNI, key)).isEqualTo(PacketStatus.OK);
    assertThat(key).isEqualTo(expected(false, VNI, IpProtocol.ICMP, 0xbeef, 0xbeef));

    byte[] pong6 =
        TestPackets.ipv6(
            IpProtocol.ICMPV6, SERVER6, CLIENT6, TestPackets.echo(129, 0x4242, 1, new byte[0]));
    assertThat(extractor.extract(pong6, 0, pong6.length, VNI, key)).isEqualTo(PacketStatus.OK);
    assertThat(key.srcPort()).isEqualTo(0x4242);
    assertThat(key.dstPort()).isEqualTo(0x4242);
    assertThat(key.isIpv6()).isTrue();
  }

  @Test
  void otherIcmpMessagesUseTypeAndCodeAsTheDestinationPort() {
    byte[] unreachable =
        TestPackets.ipv4(IpProtocol.ICMP, CLIENT, SERVER, TestPackets.icmp(3, 3, 0, new byte[28]));
    assertThat(extractor.extract(unreachable, 0, unreachable.length, VNI, key))
        .isEqualTo(PacketStatus.OK);
    assertThat(key).isEqualTo(expected(false, VNI, IpProtocol.ICMP, 0, 0x0303));

    byte[] tooBig =
        TestPackets.ipv6(
            IpProtocol.ICMPV6, SERVER6, CLIENT6, TestPackets.icmp(2, 0, 1280, new byte[48]));
    assertThat(extractor.extract(tooBig, 0, tooBig.length, VNI, key)).isEqualTo(PacketStatus.OK);
    assertThat(key.srcPort()).isZero();
    assertThat(key.dstPort()).isEqualTo(0x0200);
  }

  @Test
  void ipv4FirstAndNonFirstFragmentsAreKeyedApart() {
    byte[] udp = TestPackets.udp(4000, 53, new byte[64]);
    byte[] first =
        TestPackets.ipv4(
            IpProtocol.UDP,
            CLIENT,
            SERVER,
            TestPackets.slice(udp, 0, 24),
            Ipv4.FLAG_MF,
            64,
            new byte[0]);
    byte[] second =
        TestPackets.ipv4(
            IpProtocol.UDP, CLIENT, SERVER, TestPackets.slice(udp, 24, 48), 3, 64, new byte[0]);

    assertThat(extractor.extract(first, 0, first.length, VNI, key)).isEqualTo(PacketStatus.OK);
    FlowKey firstKey = key.copy();
    assertThat(extractor.extract(second, 0, second.length, VNI, key)).isEqualTo(PacketStatus.OK);

    assertThat(firstKey).isEqualTo(expected(false, VNI, IpProtocol.UDP, 4000, 53));
    assertThat(key.isNonFirstFragment()).isTrue();
    assertThat(key).isEqualTo(expected(false, VNI, IpProtocol.UDP, 0, 0).markNonFirstFragment());
    assertThat(key).isNotEqualTo(firstKey);
    assertThat(key).isNotEqualTo(expected(false, VNI, IpProtocol.UDP, 0, 0));
  }

  @Test
  void ipv6FirstAndNonFirstFragmentsAreKeyedApart() {
    int[] ext = {IpProtocol.HOP_BY_HOP, IpProtocol.FRAGMENT};
    byte[] first =
        TestPackets.ipv6(
            IpProtocol.TCP, CLIENT6, SERVER6, TestPackets.tcp(5555, 443, 0, new byte[8]), ext, 1);
    byte[] later = TestPackets.ipv6(IpProtocol.TCP, CLIENT6, SERVER6, new byte[3], ext, 1232);

    assertThat(extractor.extract(first, 0, first.length, VNI, key)).isEqualTo(PacketStatus.OK);
    assertThat(key).isEqualTo(expected(true, VNI, IpProtocol.TCP, 5555, 443));
    assertThat(extractor.extract(later, 0, later.length, VNI, key)).isEqualTo(PacketStatus.OK);
    assertThat(key).isEqualTo(expected(true, VNI, IpProtocol.TCP, 0, 0).markNonFirstFragment());
  }

  @Test
  void aFirstFragmentWithATruncatedTransportHeaderIsMalformed() {
    byte[] tinyTcp =
        TestPackets.ipv4(
            IpProtocol.TCP, CLIENT, SERVER, new byte[16], Ipv4.FLAG_MF, 64, new byte[0]);
    assertThat(extractor.extract(tinyTcp, 0, tinyTcp.length, VNI, key))
        .isEqualTo(PacketStatus.TRUNCATED);

    byte[] tinyUdp6 = TestPackets.ipv6(IpProtocol.UDP, CLIENT6, SERVER6, new byte[7]);
    assertThat(extractor.extract(tinyUdp6, 0, tinyUdp6.length, VNI, key))
        .isEqualTo(PacketStatus.TRUNCATED);

    byte[] tinyIcmp = TestPackets.ipv4(IpProtocol.ICMP, CLIENT, SERVER, new byte[4]);
    assertThat(extractor.extract(tinyIcmp, 0, tinyIcmp.length, VNI, key))
        .isEqualTo(PacketStatus.TRUNCATED);
  }

  @Test
  void malformedIpHeadersReportTheirReason() {
    byte[] p = TestPackets.ipv4(IpProtocol.UDP, CLIENT, SERVER, TestPackets.udp(1, 2, new byte[0]));
    assertThat(extractor.extract(new byte[0], 0, 0, VNI, key)).isEqualTo(PacketStatus.TRUNCATED);
    assertThat(extractor.extract(new byte[] {0x55}, 0, 1, VNI, key))
        .isEqualTo(PacketStatus.BAD_VERSION);
    p[0] = 0x43;
    assertThat(extractor.extract(p, 0, p.length, VNI, key)).isEqualTo(PacketStatus.BAD_IHL);

    byte[] nine =
        TestPackets.ipv6(
            IpProtocol.UDP, CLIENT6, SERVER6, TestPackets.udp(1, 2, new byte[0]), new int[9], 0);
    assertThat(extractor.extract(nine, 0, nine.length, VNI, key))
        .isEqualTo(PacketStatus.TOO_MANY_HEADERS);
  }

  @Test
  void everyTruncationOfValidPacketsIsReportedWithoutThrowing() {
    byte[] v4 =
        TestPackets.ipv4(
            IpProtocol.TCP,
            CLIENT,
            SERVER,
            TestPackets.tcp(1, 2, 0, new byte[0]),
            0,
            9,
            new byte[4]);
    int[] ext = {IpProtocol.ROUTING, IpProtocol.FRAGMENT};
    byte[] v6 =
        TestPackets.ipv6(
            IpProtocol.UDP, CLIENT6, SERVER6, TestPackets.udp(1, 2, new byte[0]), ext, 0);
    for (byte[] p : new byte[][] {v4, v6}) {
      for (int len = 0; len < p.length; len++) {
        byte[] cut = TestPackets.slice(p, 0, len);
        int ipLength = p == v4 ? len : len - Ipv6.HEADER_LENGTH;
        if (len >= 6) {
          // Make the length fields agree with the cut so that the transport check is what fails.
          io.vth.core.packet.Checksum.write16(cut, p == v4 ? 2 : 4, Math.max(0, ipLength));
        }
        assertThat(extractor.extract(cut, 0, len, VNI, key))
            .as("length %d", len)
            .isNotEqualTo(PacketStatus.OK);
      }
      assertThat(extractor.extract(p, 0, p.length, VNI, key)).isEqualTo(PacketStatus.OK);
    }
  }

  @Property(tries = 300)
  void arbitraryBytesNeverThrow(
      @ForAll @Size(max = 120) byte[] bytes,
      @ForAll @IntRange(max = 2) int version,
      @ForAll @IntRange(min = -2, max = 130) int off,
      @ForAll @IntRange(min = -2, max = 130) int len) {
    if (bytes.length > 0 && version > 0) {
      bytes[0] = (byte) ((version == 1 ? 0x40 : 0x60) | (bytes[0] & 0x0f));
    }

    PacketStatus status = extractor.extract(bytes, off, len, VNI, key);

    assertThat(status).isNotNull();
  }

  private static FlowKey expected(boolean v6, int vni, int protocol, int srcPort, int dstPort) {
    if (!v6) {
      return new FlowKey().setIpv4(vni, protocol, CLIENT, SERVER, srcPort, dstPort);
    }
    return new FlowKey()
        .setIpv6(
            vni,
            protocol,
            Ipv6.readLong(CLIENT6, 0),
            Ipv6.readLong(CLIENT6, 8),
            Ipv6.readLong(SERVER6, 0),
            Ipv6.readLong(SERVER6, 8),
            srcPort,
            dstPort);
  }
}
