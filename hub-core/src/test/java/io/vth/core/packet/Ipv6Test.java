package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ipv6Test {

  private final Ipv6ExtensionHeaders chain = new Ipv6ExtensionHeaders();

  @Property(tries = 300)
  void walksToTheUpperLayerThroughAnyChainOfUpToEightHeaders(
      @ForAll("chains") List<Integer> extensions,
      @ForAll("upperProtocols") int protocol,
      @ForAll @IntRange(max = 0xffff) int fragmentWord,
      @ForAll @Size(max = 40) byte[] l4,
      @ForAll @IntRange(max = 255) int seed) {
    int[] ext = extensions.stream().mapToInt(Integer::intValue).toArray();
    int word = fragmentWord & 0xfff9;
    byte[] p =
        TestPackets.ipv6(
            protocol, TestPackets.address6(seed), TestPackets.address6(~seed), l4, ext, word);
    boolean hasFragment = extensions.contains(IpProtocol.FRAGMENT);
    boolean nonFirst = hasFragment && (word & 0xfff8) != 0;

    assertThat(Ipv6.check(p, 0, p.length)).isEqualTo(PacketStatus.OK);
    assertThat(Ipv6.payloadLength(p, 0)).isEqualTo(p.length - 40);
    assertThat(Ipv6.hopLimit(p, 0)).isEqualTo(64);
    assertThat(chain.parse(p, 0)).isEqualTo(PacketStatus.OK);
    assertThat(chain.isFragment()).isEqualTo(hasFragment);
    assertThat(chain.isNonFirstFragment()).isEqualTo(nonFirst);
    if (!nonFirst) {
      assertThat(chain.protocol()).isEqualTo(protocol);
      assertThat(chain.upperOffset()).isEqualTo(p.length - l4.length);
      assertThat(chain.headerCount()).isEqualTo(ext.length);
    }
    if (hasFragment) {
      assertThat(chain.fragmentOffset()).isEqualTo(word & 0xfff8);
      assertThat(chain.moreFragments()).isEqualTo((word & 1) != 0);
    }
  }

  @Provide
  Arbitrary<List<Integer>> chains() {
    return Arbitraries.of(
            IpProtocol.HOP_BY_HOP,
            IpProtocol.ROUTING,
            IpProtocol.DESTINATION_OPTIONS,
            IpProtocol.AH,
            IpProtocol.FRAGMENT)
        .list()
        .ofMaxSize(Ipv6ExtensionHeaders.MAX_HEADERS);
  }

  @Provide
  Arbitrary<Integer> upperProtocols() {
    return Arbitraries.of(
        IpProtocol.TCP,
        IpProtocol.UDP,
        IpProtocol.ICMPV6,
        IpProtocol.NO_NEXT_HEADER,
        IpProtocol.ESP);
  }

  @Test
  void readsTheFixedHeader() {
    byte[] p =
        TestPackets.ipv6(
            IpProtocol.UDP, TestPackets.address6(1), TestPackets.address6(0x20), new byte[8]);
    p[1] = (byte) 0xa5;

    assertThat(Ipv6.version(p, 0)).isEqualTo(6);
    assertThat(Ipv6.trafficClass(p, 0)).isEqualTo(0x0a);
    assertThat(Ipv6.flowLabel(p, 0)).isEqualTo(0x50000);
    assertThat(Ipv6.nextHeader(p, 0)).isEqualTo(IpProtocol.UDP);
    assertThat(Ipv6.sourceHigh(p, 0)).isEqualTo(0x0102030405060708L);
    assertThat(Ipv6.sourceLow(p, 0)).isEqualTo(0x090a0b0c0d0e0f10L);
    assertThat(Ipv6.destinationHigh(p, 0)).isEqualTo(0x2021222324252627L);
    assertThat(Ipv6.destinationLow(p, 0)).isEqualTo(0x28292a2b2c2d2e2fL);
    assertThat(Ipv6.decrementHopLimit(p, 0)).isEqualTo(63);
    assertThat(Ipv6.hopLimit(p, 0)).isEqualTo(63);
  }

  @Test
  void namesEachReason() {
    byte[] p = TestPackets.ipv6(IpProtocol.TCP, new byte[16], new byte[16], new byte[20]);

    assertThat(Ipv6.check(Ipv4Test.withByte(p, 0, 0x40), 0, p.length))
        .isEqualTo(PacketStatus.BAD_VERSION);
    assertThat(Ipv6.check(p, 0, p.length - 1)).isEqualTo(PacketStatus.BAD_TOTAL_LENGTH);
    for (int len = 0; len < 40; len++) {
      assertThat(Ipv6.check(p, 0, len)).isEqualTo(PacketStatus.TRUNCATED);
    }
  }

  @Test
  void rejectsMoreThanEightExtensionHeaders() {
    int[] nine = new int[9];
    byte[] p = TestPackets.ipv6(IpProtocol.UDP, new byte[16], new byte[16], new byte[8], nine, 0);

    assertThat(Ipv6.check(p, 0, p.length)).isEqualTo(PacketStatus.OK);
    assertThat(chain.parse(p, 0)).isEqualTo(PacketStatus.TOO_MANY_HEADERS);
  }

  @Test
  void aChainCutShortByThePayloadLengthIsTruncated() {
    int[] ext = {IpProtocol.HOP_BY_HOP, IpProtocol.DESTINATION_OPTIONS, IpProtocol.FRAGMENT};
    byte[] p = TestPackets.ipv6(IpProtocol.TCP, new byte[16], new byte[16], new byte[0], ext, 0);
    int chainEnd = p.length;
    for (int payload = 0; payload < chainEnd - 40; payload++) {
      Checksum.write16(p, 4, payload);
      assertThat(chain.parse(p, 0)).as("payload %d", payload).isEqualTo(PacketStatus.TRUNCATED);
    }
    Checksum.write16(p, 4, chainEnd - 40);
    assertThat(chain.parse(p, 0)).isEqualTo(PacketStatus.OK);
  }

  @Test
  void stopsAtANonFirstFragmentWhateverFollows() {
    int[] ext = {IpProtocol.FRAGMENT, IpProtocol.ROUTING};
    byte[] p = TestPackets.ipv6(IpProtocol.UDP, new byte[16], new byte[16], new byte[8], ext, 1480);

    assertThat(chain.parse(p, 0)).isEqualTo(PacketStatus.OK);
    assertThat(chain.isNonFirstFragment()).isTrue();
    assertThat(chain.fragmentOffset()).isEqualTo(1480);
    assertThat(chain.fragmentId()).isEqualTo(0xcafe0000);
    assertThat(chain.protocol()).isEqualTo(IpProtocol.ROUTING);
    assertThat(chain.upperOffset()).isEqualTo(48);
  }
}
