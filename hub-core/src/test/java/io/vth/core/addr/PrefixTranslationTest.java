package io.vth.core.addr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PrefixTranslationTest {

  private static final PrefixTranslation SITE =
      PrefixTranslation.of(Cidr.parse("192.168.1.0/24"), Cidr.parse("100.64.7.0/24"));

  @Test
  void keepsHostBitsBothWays() {
    assertThat(SITE.translate(IpAddress.parse("192.168.1.1"))).hasToString("100.64.7.1");
    assertThat(SITE.reverse(IpAddress.parse("100.64.7.254"))).hasToString("192.168.1.254");
    assertThat(SITE.inverse().translate(IpAddress.parse("100.64.7.9"))).hasToString("192.168.1.9");
  }

  @Test
  void rejectsUnequalLengthsAndFamilies() {
    assertThatThrownBy(
            () -> PrefixTranslation.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("100.64.0.0/23")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot translate 10.0.0.0/24 to 100.64.0.0/23 1:1: prefix lengths differ (/24 vs /23), so the"
                + " ranges differ in size");
    assertThatThrownBy(
            () -> PrefixTranslation.of(Cidr.parse("10.0.0.0/24"), Cidr.parse("fd00::/24")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("families differ (IPv4 vs IPv6)");
  }

  @Test
  void rejectsAddressesOutsideTheSourcePrefix() {
    assertThatThrownBy(() -> SITE.translate(IpAddress.parse("192.168.2.1")))
        .hasMessage("192.168.2.1 is not in 192.168.1.0/24, cannot map it to 100.64.7.0/24");
    assertThat(SITE.matchesIpv4(IpAddress.parse("192.168.2.1").ipv4())).isFalse();
    assertThat(SITE.matchesIpv6(0, 0xc0a80101L)).isFalse();
  }

  @Test
  void translatesBytesInPlaceOnlyWhenInside() {
    byte[] packet = {9, (byte) 192, (byte) 168, 1, 77, 9};

    assertThat(SITE.translateInPlace(packet, 1, 4)).isTrue();
    assertThat(packet).containsExactly(9, 100, 64, 7, 77, 9);
    assertThat(SITE.translateInPlace(packet, 1, 4)).isFalse();
    assertThat(SITE.translateInPlace(packet, 3, 4)).isFalse();
    assertThat(SITE.translateInPlace(packet, -1, 4)).isFalse();
    assertThat(SITE.translateInPlace(packet, 0, 16)).isFalse();
    assertThat(SITE.translateInPlace(null, 0, 4)).isFalse();
    assertThat(packet).containsExactly(9, 100, 64, 7, 77, 9);
  }

  @Property(tries = 500)
  void ipv4RoundTripsAndKeepsHostBits(
      @ForAll int fromBits,
      @ForAll int toBits,
      @ForAll @IntRange(max = 32) int length,
      @ForAll int host) {
    Cidr from = Cidr.covering(IpAddress.ofIpv4(fromBits), length);
    Cidr to = Cidr.covering(IpAddress.ofIpv4(toBits), length);
    PrefixTranslation translation = PrefixTranslation.of(from, to);
    IpAddress address =
        IpAddress.ofIpv4(from.network().ipv4() | host & (int) HostMask.lo(32, length));

    IpAddress translated = translation.translate(address);

    assertThat(to.contains(translated)).isTrue();
    assertThat(translation.reverse(translated)).isEqualTo(address);
    assertThat(translated.lo() & HostMask.lo(32, length))
        .isEqualTo(address.lo() & HostMask.lo(32, length));
    assertThat(translation.matchesIpv4(address.ipv4())).isTrue();
    assertThat(translation.translateIpv4(address.ipv4())).isEqualTo(translated.ipv4());
    assertThat(translation.reverseIpv4(translated.ipv4())).isEqualTo(address.ipv4());
    byte[] bytes = address.toBytes();
    assertThat(translation.translateInPlace(bytes, 0, 4)).isTrue();
    assertThat(IpAddress.ofBytes(bytes)).isEqualTo(translated);
  }

  @Property(tries = 500)
  void ipv6RoundTripsAndKeepsHostBits(
      @ForAll long fromHi,
      @ForAll long fromLo,
      @ForAll long toHi,
      @ForAll long toLo,
      @ForAll @IntRange(max = 128) int length,
      @ForAll long hostHi,
      @ForAll long hostLo) {
    Cidr from = Cidr.covering(IpAddress.ofIpv6(fromHi, fromLo), length);
    Cidr to = Cidr.covering(IpAddress.ofIpv6(toHi, toLo), length);
    PrefixTranslation translation = PrefixTranslation.of(from, to);
    long maskHi = HostMask.hi(128, length);
    long maskLo = HostMask.lo(128, length);
    IpAddress address =
        IpAddress.ofIpv6(
            from.network().hi() | hostHi & maskHi, from.network().lo() | hostLo & maskLo);

    IpAddress translated = translation.translate(address);

    assertThat(to.contains(translated)).isTrue();
    assertThat(translation.reverse(translated)).isEqualTo(address);
    assertThat(translated.hi() & maskHi).isEqualTo(address.hi() & maskHi);
    assertThat(translated.lo() & maskLo).isEqualTo(address.lo() & maskLo);
    assertThat(translation.matchesIpv6(address.hi(), address.lo())).isTrue();
    assertThat(translation.translateIpv6Hi(address.hi())).isEqualTo(translated.hi());
    assertThat(translation.translateIpv6Lo(address.lo())).isEqualTo(translated.lo());
    assertThat(translation.reverseIpv6Hi(translated.hi())).isEqualTo(address.hi());
    assertThat(translation.reverseIpv6Lo(translated.lo())).isEqualTo(address.lo());
    byte[] bytes = address.toBytes();
    assertThat(translation.translateInPlace(bytes, 0, 16)).isTrue();
    assertThat(IpAddress.ofBytes(bytes)).isEqualTo(translated);
  }
}
