package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Arbitrary bytes at arbitrary offsets and lengths: every entry point answers, none throws. */
class MalformedInputTest {

  private final Ethernet ethernet = new Ethernet();
  private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();
  private final IcmpError icmpError = new IcmpError();

  @Property(tries = 1000)
  void checksReturnAReasonForAnyInput(
      @ForAll @Size(max = 100) byte[] bytes,
      @ForAll @IntRange(min = -3, max = 110) int off,
      @ForAll @IntRange(min = -3, max = 110) int len,
      @ForAll @IntRange(max = 15) int firstNibble) {
    if (bytes.length > 0) {
      bytes[0] = (byte) ((firstNibble << 4) | (bytes[0] & 0x0f));
    }

    assertThat(ethernet.parse(bytes, off, len)).isNotNull();
    assertThat(Arp.check(bytes, off, len)).isNotNull();
    assertThat(Ipv4.check(bytes, off, len)).isNotNull();
    assertThat(Udp.check(bytes, off, len)).isNotNull();
    assertThat(Tcp.check(bytes, off, len)).isNotNull();
    assertThat(Icmp.check(bytes, off, len)).isNotNull();
    assertThat(Icmpv6.check(bytes, off - 40, off, len)).isNotNull();
    assertThat(Vxlan.check(bytes, off, len)).isNotNull();
    assertThat(icmpError.parseIpv4(bytes, off, len)).isNotNull();
    assertThat(icmpError.parseIpv6(bytes, off, len)).isNotNull();
    if (Ipv6.check(bytes, off, len) == PacketStatus.OK) {
      assertThat(chain.parse(bytes, off)).isNotNull();
    }
  }

  @Property(tries = 500)
  void theExtensionHeaderWalkStaysInsideItsBound(
      @ForAll @Size(min = 1, max = 200) byte[] bytes,
      @ForAll @IntRange(max = 255) int nextHeader,
      @ForAll @IntRange(min = -2, max = 210) int off,
      @ForAll @IntRange(min = -2, max = 210) int end) {
    PacketStatus status = chain.walk(bytes, nextHeader, off, end);

    assertThat(status).isNotNull();
    if (status == PacketStatus.OK && Ipv6ExtensionHeaders.isExtension(nextHeader)) {
      assertThat(chain.upperOffset()).isLessThanOrEqualTo(end);
    }
  }

  @Property(tries = 300)
  void everyTruncationOfAnEthernetFramedPacketIsReported(
      @ForAll @Size(max = 30) byte[] payload, @ForAll @IntRange(max = 2) int tags) {
    byte[] ip = TestPackets.ipv4(IpProtocol.UDP, 1, 2, TestPackets.udp(9, 9, payload));
    int[] tagWords = new int[tags];
    for (int i = 0; i < tags; i++) {
      tagWords[i] = (Ethernet.TYPE_VLAN << 16) | (i + 1);
    }
    byte[] frame = TestPackets.ethernet(1, 2, tagWords, Ethernet.TYPE_IPV4, ip);

    for (int len = 0; len < frame.length; len++) {
      PacketStatus status = ethernet.parse(frame, 0, len);
      if (status == PacketStatus.OK) {
        status = Ipv4.check(frame, ethernet.payloadOffset(), ethernet.payloadLength());
      }
      assertThat(status).as("length %d", len).isNotEqualTo(PacketStatus.OK);
    }
  }
}
