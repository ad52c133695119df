package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VxlanTest {

  @Property(tries = 200)
  void readsTheVniThatWasWritten(@ForAll @IntRange(min = 0, max = Vxlan.MAX_VNI) int vni) {
    byte[] b = new byte[Vxlan.HEADER_LENGTH];
    Vxlan.writeHeader(b, 0, vni);

    assertThat(Vxlan.check(b, 0, b.length)).isEqualTo(PacketStatus.OK);
    assertThat(Vxlan.vni(b, 0)).isEqualTo(vni);
  }

  @Property(tries = 200)
  void reportsWhichRuleFailed(
      @ForAll @IntRange(min = 0, max = 63) int bit, @ForAll @IntRange(max = 0xffffff) int vni) {
    byte[] b = new byte[Vxlan.HEADER_LENGTH];
    Vxlan.writeHeader(b, 0, vni);
    int byteIndex = bit / 8;
    b[byteIndex] ^= (byte) (0x80 >>> (bit % 8));

    PacketStatus expected;
    if (bit == 4) {
      expected = PacketStatus.FLAG_NOT_SET;
    } else if (byteIndex >= 4 && byteIndex <= 6) {
      expected = PacketStatus.OK;
    } else {
      expected = PacketStatus.RESERVED_BITS;
    }
    assertThat(Vxlan.check(b, 0, b.length)).isEqualTo(expected);
  }

  @Test
  void shortBuffersAreTruncated() {
    byte[] b = new byte[Vxlan.HEADER_LENGTH];
    Vxlan.writeHeader(b, 0, 42);
    for (int len = 0; len < Vxlan.HEADER_LENGTH; len++) {
      assertThat(Vxlan.check(b, 0, len)).isEqualTo(PacketStatus.TRUNCATED);
    }
    assertThat(Vxlan.check(b, 4, 8)).isEqualTo(PacketStatus.TRUNCATED);
  }

  @Test
  void refusesToEncodeAVniBeyond24Bits() {
    assertThatThrownBy(() -> Vxlan.writeHeader(new byte[8], 0, 1 << 24))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16777216");
  }

  @Property(tries = 100)
  void encapsulatedFramesDecodeLayerByLayer(
      @ForAll int src,
      @ForAll int dst,
      @ForAll long flowHash,
      @ForAll @IntRange(max = Vxlan.MAX_VNI) int vni,
      @ForAll @Size(min = 14, max = 200) byte[] inner) {
    byte[] out = new byte[VxlanEncapsulation.OVERHEAD + inner.length];
    int srcPort = VxlanEncapsulation.sourcePort(flowHash);

    int len = VxlanEncapsulation.writeIpv4(out, 0, src, dst, srcPort, vni, inner, 0, inner.length);

    assertThat(len).isEqualTo(out.length);
    assertThat(srcPort).isBetween(49152, 65535);
    assertThat(Ipv4.check(out, 0, len)).isEqualTo(PacketStatus.OK);
    assertThat(Ipv4.source(out, 0)).isEqualTo(src);
    assertThat(Ipv4.destination(out, 0)).isEqualTo(dst);
    assertThat(Ipv4.protocol(out, 0)).isEqualTo(IpProtocol.UDP);
    assertThat(Udp.check(out, 20, len - 20)).isEqualTo(PacketStatus.OK);
    assertThat(Udp.sourcePort(out, 20)).isEqualTo(srcPort);
    assertThat(Udp.destinationPort(out, 20)).isEqualTo(Vxlan.PORT);
    assertThat(Udp.verifyIpv4(out, 0, 20)).isTrue();
    assertThat(Vxlan.check(out, 28, len - 28)).isEqualTo(PacketStatus.OK);
    assertThat(Vxlan.vni(out, 28)).isEqualTo(vni);
    assertThat(TestPackets.slice(out, 36, inner.length)).isEqualTo(inner);
  }

  @Test
  void encapsulationReportsABufferThatIsTooSmall() {
    byte[] inner = new byte[60];
    assertThat(VxlanEncapsulation.writeIpv4(new byte[95], 0, 1, 2, 50000, 7, inner, 0, 60))
        .isEqualTo(-1);
    assertThat(VxlanEncapsulation.writeIpv4(new byte[96], 0, 1, 2, 50000, 7, inner, 0, 60))
        .isEqualTo(96);
  }
}
