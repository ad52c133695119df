package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AddressRewriteTest {

  private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();

  @Property(tries = 500)
  void ipv4IncrementalUpdatesEqualAFullRecomputation(
      @ForAll @IntRange(max = 3) int kind,
      @ForAll boolean rewriteSource,
      @ForAll boolean firstFragment,
      @ForAll int src,
      @ForAll int dst,
      @ForAll int newAddress,
      @ForAll @IntRange(max = 10) int optionWords,
      @ForAll @Size(max = 80) byte[] payload) {
    int protocol = kind == 0 ? IpProtocol.TCP : kind == 3 ? IpProtocol.ICMP : IpProtocol.UDP;
    byte[] l4 = transport(protocol, payload);
    int fragmentWord = firstFragment ? Ipv4.FLAG_MF : 0x0020;
    byte[] p =
        TestPackets.ipv4(protocol, src, dst, l4, fragmentWord, 64, new byte[4 * optionWords]);
    int l4Off = Ipv4.headerLength(p, 0);
    int fieldOff = l4Off + L4Checksum.fieldOffset(protocol);
    boolean noUdpChecksum = kind == 2;
    if (noUdpChecksum) {
      Checksum.write16(p, fieldOff, 0);
    }
    int before = Checksum.read16(p, fieldOff);

    if (rewriteSource) {
      AddressRewrite.ipv4Source(p, 0, p.length, newAddress);
    } else {
      AddressRewrite.ipv4Destination(p, 0, p.length, newAddress);
    }

    assertThat(rewriteSource ? Ipv4.source(p, 0) : Ipv4.destination(p, 0)).isEqualTo(newAddress);
    byte[] expected = p.clone();
    Ipv4.writeHeaderChecksum(expected, 0);
    if (firstFragment && protocol != IpProtocol.ICMP && !noUdpChecksum) {
      L4Checksum.writeIpv4(expected, 0, protocol, l4Off, l4.length);
    } else {
      Checksum.write16(expected, fieldOff, before);
    }
    assertThat(p).isEqualTo(expected);
    assertThat(Ipv4.check(p, 0, p.length)).isEqualTo(PacketStatus.OK);
  }

  @Property(tries = 500)
  void ipv6IncrementalUpdatesEqualAFullRecomputation(
      @ForAll @IntRange(max = 2) int kind,
      @ForAll boolean rewriteSource,
      @ForAll @IntRange(max = 2) int fragmentation,
      @ForAll @Size(value = 16) byte[] src,
      @ForAll @Size(value = 16) byte[] dst,
      @ForAll @Size(value = 20) byte[] newAddress,
      @ForAll @IntRange(max = 4) int newOff,
      @ForAll @Size(max = 80) byte[] payload) {
    int protocol = kind == 0 ? IpProtocol.TCP : kind == 1 ? IpProtocol.UDP : IpProtocol.ICMPV6;
    byte[] l4 = transport(protocol, payload);
    int[] ext =
        fragmentation == 0 ? new int[0] : new int[] {IpProtocol.ROUTING, IpProtocol.FRAGMENT};
    boolean nonFirst = fragmentation == 2;
    byte[] p = TestPackets.ipv6(protocol, src, dst, l4, ext, nonFirst ? 0x100 : 1);
    assertThat(chain.parse(p, 0)).isEqualTo(PacketStatus.OK);
    int fieldOff = chain.upperOffset() + L4Checksum.fieldOffset(protocol);
    int before = Checksum.read16(p, fieldOff);

    if (rewriteSource) {
      AddressRewrite.ipv6Source(p, 0, chain, p.length, newAddress, newOff);
    } else {
      AddressRewrite.ipv6Destination(p, 0, chain, p.length, newAddress, newOff);
    }

    int addrOff = rewriteSource ? Ipv6.SOURCE_OFFSET : Ipv6.DESTINATION_OFFSET;
    assertThat(TestPackets.slice(p, addrOff, 16))
        .isEqualTo(TestPackets.slice(newAddress, newOff, 16));
    byte[] expected = p.clone();
    if (nonFirst) {
      Checksum.write16(expected, fieldOff, before);
    } else {
      L4Checksum.writeIpv6(expected, 0, protocol, chain.upperOffset(), l4.length);
    }
    assertThat(p).isEqualTo(expected);
  }

  @Property(tries = 200)
  void aUdpResultOfZeroIsWrittenAsAllOnes(
      @ForAll boolean v6, @ForAll int src, @ForAll @Size(max = 40) byte[] payload) {
    byte[] l4 = TestPackets.udp(1000, 2000, payload);
    byte[] p =
        v6
            ? TestPackets.ipv6(
                IpProtocol.UDP, TestPackets.address6(src), TestPackets.address6(3), l4)
            : TestPackets.ipv4(IpProtocol.UDP, src, 0x0a000001, l4);
    int ipLen = v6 ? 40 : 20;
    int addrOff = v6 ? Ipv6.SOURCE_OFFSET : 12;
    int checksum = Checksum.read16(p, ipLen + 6);
    // Choose the new last address word so that the full sum becomes 0xffff (checksum "0").
    int oldWord = Checksum.read16(p, addrOff + (v6 ? 14 : 2));
    int newWord = (oldWord + 0xffff - (~checksum & 0xffff)) % 0xffff;
    byte[] newAddress = TestPackets.slice(p, addrOff, v6 ? 16 : 4);
    Checksum.write16(newAddress, newAddress.length - 2, newWord);

    if (v6) {
      assertThat(chain.parse(p, 0)).isEqualTo(PacketStatus.OK);
      AddressRewrite.ipv6Source(p, 0, chain, p.length, newAddress, 0);
    } else {
      AddressRewrite.ipv4Source(p, 0, p.length, Ipv4.readInt(newAddress, 0));
    }

    assertThat(Udp.checksum(p, ipLen)).isEqualTo(0xffff);
    assertThat(v6 ? Udp.verifyIpv6(p, 0, ipLen) : Udp.verifyIpv4(p, 0, ipLen)).isTrue();
  }

  @Property(tries = 300)
  void ttlDecrementKeepsTheHeaderChecksumValid(
      @ForAll @IntRange(min = 1, max = 255) int ttl,
      @ForAll @IntRange(max = 255) int protocol,
      @ForAll int src,
      @ForAll int dst) {
    byte[] p = TestPackets.ipv4(protocol, src, dst, new byte[8], 0, ttl, new byte[0]);

    assertThat(AddressRewrite.decrementTtl(p, 0)).isEqualTo(ttl - 1);

    byte[] expected = p.clone();
    Ipv4.writeHeaderChecksum(expected, 0);
    assertThat(p).isEqualTo(expected);
  }

  @Test
  void aTruncatedFirstFragmentKeepsItsTransportBytesUntouched() {
    byte[] p = TestPackets.ipv4(IpProtocol.TCP, 1, 2, new byte[10], Ipv4.FLAG_MF, 64, new byte[0]);
    byte[] before = p.clone();

    AddressRewrite.ipv4Destination(p, 0, p.length, 3);

    assertThat(TestPackets.slice(p, 20, 10)).isEqualTo(TestPackets.slice(before, 20, 10));
    assertThat(Ipv4.check(p, 0, p.length)).isEqualTo(PacketStatus.OK);
  }

  private static byte[] transport(int protocol, byte[] payload) {
    switch (protocol) {
      case IpProtocol.TCP:
        return TestPackets.tcp(1234, 80, Tcp.SYN, payload);
      case IpProtocol.UDP:
        return TestPackets.udp(5000, 53, payload);
      default:
        return TestPackets.echo(8, 77, 1, payload);
    }
  }
}
