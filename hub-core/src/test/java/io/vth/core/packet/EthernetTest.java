package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EthernetTest {

  private final Ethernet view = new Ethernet();

  @Property(tries = 300)
  void parsesWhatWasBuilt(
      @ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long dst,
      @ForAll @LongRange(min = 0, max = 0xffff_ffff_ffffL) long src,
      @ForAll @Size(max = 2) java.util.List<@IntRange(min = 0, max = 0xffff) Integer> tcis,
      @ForAll("etherTypes") int etherType,
      @ForAll @Size(max = 64) byte[] payload) {
    int[] tags = new int[tcis.size()];
    for (int i = 0; i < tags.length; i++) {
      int tpid = i == 0 && tags.length == 2 ? Ethernet.TYPE_QINQ : Ethernet.TYPE_VLAN;
      tags[i] = (tpid << 16) | tcis.get(i);
    }
    byte[] frame = TestPackets.ethernet(dst, src, tags, etherType, payload);

    assertThat(view.parse(frame, 0, frame.length)).isEqualTo(PacketStatus.OK);
    assertThat(view.destination()).isEqualTo(dst);
    assertThat(view.source()).isEqualTo(src);
    assertThat(view.tagCount()).isEqualTo(tags.length);
    for (int i = 0; i < tags.length; i++) {
      assertThat(view.vlanId(i)).isEqualTo(tcis.get(i) & 0xfff);
    }
    assertThat(view.etherType()).isEqualTo(etherType);
    assertThat(view.payloadOffset()).isEqualTo(14 + 4 * tags.length);
    assertThat(view.payloadLength()).isEqualTo(payload.length);
  }

  @Provide
  Arbitrary<Integer> etherTypes() {
    return Arbitraries.integers()
        .between(0x0600, 0xffff)
        .filter(t -> t != Ethernet.TYPE_VLAN && t != Ethernet.TYPE_QINQ);
  }

  @Test
  void parsesAtAnOffsetInsideALargerBuffer() {
    byte[] frame = TestPackets.ethernet(1, 2, new int[0], Ethernet.TYPE_IPV6, new byte[3]);
    byte[] buf = new byte[frame.length + 10];
    System.arraycopy(frame, 0, buf, 5, frame.length);

    assertThat(view.parse(buf, 5, frame.length)).isEqualTo(PacketStatus.OK);
    assertThat(view.etherType()).isEqualTo(Ethernet.TYPE_IPV6);
    assertThat(view.payloadOffset()).isEqualTo(19);
    assertThat(view.payloadLength()).isEqualTo(3);
  }

  @Test
  void rejectsMoreThanTwoTags() {
    int tag = Ethernet.TYPE_VLAN << 16 | 7;
    byte[] frame =
        TestPackets.ethernet(1, 2, new int[] {tag, tag, tag}, Ethernet.TYPE_IPV4, new byte[20]);

    assertThat(view.parse(frame, 0, frame.length)).isEqualTo(PacketStatus.TOO_MANY_HEADERS);
  }

  @Test
  void everyTruncationOfATaggedFrameIsReportedWithoutThrowing() {
    int[] tags = {Ethernet.TYPE_QINQ << 16 | 100, Ethernet.TYPE_VLAN << 16 | 200};
    byte[] frame = TestPackets.ethernet(1, 2, tags, Ethernet.TYPE_IPV4, new byte[0]);

    for (int len = 0; len < frame.length; len++) {
      assertThat(view.parse(frame, 0, len)).as("length %d", len).isEqualTo(PacketStatus.TRUNCATED);
    }
    assertThat(view.parse(frame, 0, frame.length)).isEqualTo(PacketStatus.OK);
    assertThat(view.parse(frame, 1, frame.length)).isEqualTo(PacketStatus.TRUNCATED);
    assertThat(view.parse(frame, -1, 14)).isEqualTo(PacketStatus.TRUNCATED);
  }

  @Test
  void macHelpersRoundTripAndRecogniseMulticast() {
    byte[] b = new byte[6];
    Ethernet.writeMac(b, 0, 0x0102_0304_0506L);

    assertThat(b).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(Ethernet.readMac(b, 0)).isEqualTo(0x0102_0304_0506L);
    assertThat(Ethernet.isMulticast(Ethernet.BROADCAST)).isTrue();
    assertThat(Ethernet.isMulticast(0x3333_0000_0001L)).isTrue();
    assertThat(Ethernet.isMulticast(0x0242_ac11_0002L)).isFalse();
  }
}
