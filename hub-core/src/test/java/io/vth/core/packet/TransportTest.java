package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TransportTest {

  @Property(tries = 200)
  void udpRoundTripsAndVerifiesOverBothFamilies(
      @ForAll @IntRange(max = 0xffff) int srcPort,
      @ForAll @IntRange(max = 0xffff) int dstPort,
      @ForAll int src,
      @ForAll int dst,
      @ForAll @IntRange(max = 255) int seed,
      @ForAll @Size(max = 100) byte[] payload) {
    byte[] udp = TestPackets.udp(srcPort, dstPort, payload);
    byte[] v4 = TestPackets.ipv4(IpProtocol.UDP, src, dst, udp);
    byte[] v6 =
        TestPackets.ipv6(
            IpProtocol.UDP, TestPackets.address6(seed), TestPackets.address6(seed * 3), udp);

    assertThat(Udp.check(v4, 20, v4.length - 20)).isEqualTo(PacketStatus.OK);
    assertThat(Udp.sourcePort(v4, 20)).isEqualTo(srcPort);
    assertThat(Udp.destinationPort(v4, 20)).isEqualTo(dstPort);
    assertThat(Udp.length(v4, 20)).isEqualTo(udp.length);
    assertThat(Udp.checksum(v4, 20)).isNotZero();
    assertThat(Udp.verifyIpv4(v4, 0, 20)).isTrue();
    assertThat(Udp.verifyIpv6(v6, 0, 40)).isTrue();
    v6[v6.length - udp.length] ^= 1;
    assertThat(Udp.verifyIpv6(v6, 0, 40)).isFalse();
  }

  @Test
  void udpChecksumZeroMeansNoneOverIpv4OnlyAndLengthsAreChecked() {
    byte[] v4 = TestPackets.ipv4(IpProtocol.UDP, 1, 2, TestPackets.udp(53, 53, new byte[4]));
    byte[] v6 =
        TestPackets.ipv6(
            IpProtocol.UDP, new byte[16], new byte[16], TestPackets.udp(53, 53, new byte[4]));
    Checksum.write16(v4, 26, 0);
    Checksum.write16(v6, 46, 0);

    assertThat(Udp.verifyIpv4(v4, 0, 20)).isTrue();
    assertThat(Udp.verifyIpv6(v6, 0, 40)).isFalse();
    for (int len = 0; len < 8; len++) {
      assertThat(Udp.check(v4, 20, len)).isEqualTo(PacketStatus.TRUNCATED);
    }
    assertThat(Udp.check(v4, 20, 11)).isEqualTo(PacketStatus.BAD_LENGTH);
    Checksum.write16(v4, 24, 7);
    assertThat(Udp.check(v4, 20, 12)).isEqualTo(PacketStatus.BAD_LENGTH);
  }

  @Property(tries = 200)
  void tcpRoundTripsAndVerifiesOverBothFamilies(
      @ForAll @IntRange(max = 0xffff) int srcPort,
      @ForAll @IntRange(max = 0xffff) int dstPort,
      @ForAll @IntRange(max = 0x3f) int flags,
      @ForAll int src,
      @ForAll @Size(max = 100) byte[] payload) {
    byte[] tcp = TestPackets.tcp(srcPort, dstPort, flags, payload);
    byte[] v4 = TestPackets.ipv4(IpProtocol.TCP, src, ~src, tcp);
    byte[] v6 =
        TestPackets.ipv6(IpProtocol.TCP, TestPackets.address6(src), TestPackets.address6(7), tcp);

    assertThat(Tcp.check(v4, 20, tcp.length)).isEqualTo(PacketStatus.OK);
    assertThat(Tcp.sourcePort(v4, 20)).isEqualTo(srcPort);
    assertThat(Tcp.destinationPort(v4, 20)).isEqualTo(dstPort);
    assertThat(Tcp.flags(v4, 20)).isEqualTo(flags);
    assertThat(Tcp.sequence(v4, 20)).isEqualTo(0x01020304);
    assertThat(Tcp.acknowledgement(v4, 20)).isEqualTo(0x05060708);
    assertThat(Tcp.window(v4, 20)).isEqualTo(65535);
    assertThat(Tcp.headerLength(v4, 20)).isEqualTo(20);
    assertThat(Tcp.verifyIpv4(v4, 0, 20, tcp.length)).isTrue();
    assertThat(Tcp.verifyIpv6(v6, 0, 40, tcp.length)).isTrue();
    v4[12] ^= 0x40;
    assertThat(Tcp.verifyIpv4(v4, 0, 20, tcp.length)).isFalse();
  }

  @Test
  void tcpDataOffsetIsChecked() {
    byte[] tcp = TestPackets.tcp(1, 2, Tcp.SYN, new byte[8]);
    for (int len = 0; len < 20; len++) {
      assertThat(Tcp.check(tcp, 0, len)).isEqualTo(PacketStatus.TRUNCATED);
    }
    tcp[12] = 0x40;
    assertThat(Tcp.check(tcp, 0, tcp.length)).isEqualTo(PacketStatus.BAD_LENGTH);
    tcp[12] = 0x70;
    assertThat(Tcp.check(tcp, 0, tcp.length)).isEqualTo(PacketStatus.OK);
    tcp[12] = (byte) 0x80;
    assertThat(Tcp.check(tcp, 0, tcp.length)).isEqualTo(PacketStatus.TRUNCATED);
  }

  @Property(tries = 100)
  void computeIgnoresTheStoredFieldAndWriteProducesVerifiableSegments(
      @ForAll @Size(min = 8, max = 60) byte[] l4, @ForAll @IntRange(max = 0xffff) int junk) {
    byte[] v6 =
        TestPackets.ipv6(IpProtocol.ICMPV6, TestPackets.address6(9), TestPackets.address6(1), l4);
    int good = Icmpv6.checksum(v6, 40);
    Checksum.write16(v6, 42, junk);
    long pseudo = L4Checksum.ipv6PseudoHeaderSum(v6, 0, IpProtocol.ICMPV6, l4.length);

    assertThat(L4Checksum.compute(pseudo, v6, 40, l4.length, 42)).isEqualTo(good);
    assertThat(L4Checksum.writeIpv6(v6, 0, IpProtocol.ICMPV6, 40, l4.length)).isEqualTo(good);
    assertThat(Icmpv6.check(v6, 0, 40, l4.length)).isEqualTo(PacketStatus.OK);
  }
}
