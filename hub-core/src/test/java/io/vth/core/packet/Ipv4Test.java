package io.vth.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Ipv4Test {

  @Property(tries = 300)
  void readsTheFieldsThatWereWritten(
      @ForAll int src,
      @ForAll int dst,
      @ForAll @IntRange(max = 255) int protocol,
      @ForAll @IntRange(max = 255) int ttl,
      @ForAll @IntRange(max = 0xffff) int flagsAndOffset,
      @ForAll @IntRange(max = 10) int optionWords,
      @ForAll @Size(max = 64) byte[] payload) {
    int word = flagsAndOffset & 0x7fff;
    byte[] options = new byte[4 * optionWords];
    byte[] p = TestPackets.ipv4(protocol, src, dst, payload, word, ttl, options);

    assertThat(Ipv4.check(p, 0, p.length)).isEqualTo(PacketStatus.OK);
    assertThat(Ipv4.version(p, 0)).isEqualTo(4);
    assertThat(Ipv4.headerLength(p, 0)).isEqualTo(20 + options.length);
    assertThat(Ipv4.totalLength(p, 0)).isEqualTo(p.length);
    assertThat(Ipv4.source(p, 0)).isEqualTo(src);
    assertThat(Ipv4.destination(p, 0)).isEqualTo(dst);
    assertThat(Ipv4.protocol(p, 0)).isEqualTo(protocol);
    assertThat(Ipv4.ttl(p, 0)).isEqualTo(ttl);
    assertThat(Ipv4.identification(p, 0)).isEqualTo(0x1234);
    assertThat(Ipv4.dontFragment(p, 0)).isEqualTo((word & 0x4000) != 0);
    assertThat(Ipv4.moreFragments(p, 0)).isEqualTo((word & 0x2000) != 0);
    assertThat(Ipv4.fragmentOffset(p, 0)).isEqualTo((word & 0x1fff) * 8);
    assertThat(Ipv4.isFragment(p, 0)).isEqualTo((word & 0x3fff) != 0);
    assertThat(Ipv4.verifyHeaderChecksum(p, 0)).isTrue();
  }

  @Property(tries = 200)
  void anyFlippedHeaderBitFailsTheCheck(
      @ForAll @IntRange(max = 10) int optionWords,
      @ForAll @IntRange(max = 479) int bit,
      @ForAll @Size(max = 16) byte[] payload) {
    byte[] p = TestPackets.ipv4(17, 1, 2, payload, 0, 64, new byte[4 * optionWords]);
    int headerBits = 8 * Ipv4.headerLength(p, 0);
    int flip = bit % headerBits;
    p[flip / 8] ^= (byte) (0x80 >>> (flip % 8));

    assertThat(Ipv4.check(p, 0, p.length)).isNotEqualTo(PacketStatus.OK);
  }

  @Test
  void namesEachReason() {
    byte[] good = TestPackets.ipv4(6, 0x0a000001, 0x0a000002, new byte[20]);

    assertThat(Ipv4.check(withByte(good, 0, 0x65), 0, good.length))
        .isEqualTo(PacketStatus.BAD_VERSION);
    assertThat(Ipv4.check(withByte(good, 0, 0x44), 0, good.length)).isEqualTo(PacketStatus.BAD_IHL);
    assertThat(Ipv4.check(withByte(good, 0, 0x4f), 0, good.length))
        .isEqualTo(PacketStatus.TRUNCATED);
    assertThat(Ipv4.check(withByte(good, 3, 19), 0, good.length))
        .isEqualTo(PacketStatus.BAD_TOTAL_LENGTH);
    assertThat(Ipv4.check(good, 0, good.length - 1)).isEqualTo(PacketStatus.BAD_TOTAL_LENGTH);
    assertThat(Ipv4.check(withByte(good, 8, 63), 0, good.length))
        .isEqualTo(PacketStatus.BAD_CHECKSUM);
    assertThat(Ipv4.checkStructure(withByte(good, 8, 63), 0, good.length))
        .isEqualTo(PacketStatus.OK);
  }

  @Test
  void acceptsTrailingPaddingAfterTheTotalLength() {
    byte[] p = TestPackets.ipv4(17, 1, 2, TestPackets.udp(1, 2, new byte[0]));
    byte[] padded = new byte[60];
    System.arraycopy(p, 0, padded, 0, p.length);

    assertThat(Ipv4.check(padded, 0, padded.length)).isEqualTo(PacketStatus.OK);
  }

  @Test
  void everyShortLengthIsTruncatedOrInconsistentNeverAnException() {
    byte[] p = TestPackets.ipv4(6, 1, 2, new byte[20], 0, 64, new byte[8]);
    for (int len = 0; len <= p.length; len++) {
      PacketStatus expected =
          len < Ipv4.headerLength(p, 0)
              ? PacketStatus.TRUNCATED
              : len < p.length ? PacketStatus.BAD_TOTAL_LENGTH : PacketStatus.OK;
      assertThat(Ipv4.check(p, 0, len)).as("length %d", len).isEqualTo(expected);
    }
    assertThat(Ipv4.check(p, 5, p.length)).isEqualTo(PacketStatus.TRUNCATED);
    assertThat(Ipv4.check(p, Integer.MAX_VALUE, 20)).isEqualTo(PacketStatus.TRUNCATED);
  }

  @Test
  void writeHeaderChecksumMatchesAFullComputation() {
    byte[] p = TestPackets.ipv4(1, 0xc0a80001, 0x08080808, new byte[8]);
    int stored = Ipv4.headerChecksum(p, 0);
    Checksum.write16(p, 10, 0);

    assertThat(Checksum.compute(p, 0, 20)).isEqualTo(stored);
    assertThat(Ipv4.writeHeaderChecksum(p, 0)).isEqualTo(stored);
  }

  static byte[] withByte(byte[] b, int index, int value) {
    byte[] c = b.clone();
    c[index] = (byte) value;
    return c;
  }
}
