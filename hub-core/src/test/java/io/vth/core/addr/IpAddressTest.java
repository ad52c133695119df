package io.vth.core.addr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @Test
  void parsesIpv4IntoTheLowBits() {
    IpAddress address = IpAddress.parse("192.168.1.10");

    assertThat(address.family()).isEqualTo(IpFamily.IPV4);
    assertThat(address.ipv4()).isEqualTo(0xc0a8010a);
    assertThat(address.hi()).isZero();
    assertThat(address.lo()).isEqualTo(0xc0a8010aL);
    assertThat(address).hasToString("192.168.1.10");
  }

  @Test
  void parsesIpv6IntoTwoLongs() {
    IpAddress address = IpAddress.parse("2001:db8::ff00:42:8329");

    assertThat(address.family()).isEqualTo(IpFamily.IPV6);
    assertThat(address.hi()).isEqualTo(0x20010db800000000L);
    assertThat(address.lo()).isEqualTo(0x0000ff0000428329L);
  }

  @ParameterizedTest
  @CsvSource({
    "2001:0DB8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "0:0:0:0:0:0:0:0, ::",
    "::1, ::1",
    "1::, 1::",
    "fe80::, fe80::",
    "::ffff:10.1.2.3, ::ffff:10.1.2.3",
    "::ffff:a01:203, ::ffff:10.1.2.3",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
  })
  void formatsIpv6CanonicallyPerRfc5952(String text, String canonical) {
    assertThat(IpAddress.parse(text)).hasToString(canonical);
    assertThat(IpAddress.parse(canonical)).isEqualTo(IpAddress.parse(text));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "300.1.1.1 | octet 300 is greater than 255",
        "fd00::1::2 | \"::\" may appear only once",
        "'' | it is empty",
        "10.0.0 | 4 dot-separated octets, found 3",
        "10.0.0.01 | leading zero",
        "10.0.0.x | octet \"x\" is not a decimal number",
        "1:2:3:4:5:6:7 | 8 groups, found 7",
        "1:2:3:4:5:6:7:8::9 | at least one group",
        "12345::1 | group \"12345\" is not 1 to 4 hexadecimal digits",
        ":1:2:3:4:5:6:7 | empty group",
        "fe80::1%eth0 | zone identifiers",
        "::1.2.3.4.5 | found 5",
      })
  void rejectsMalformedTextQuotingIt(String text, String reason) {
    assertThatThrownBy(() -> IpAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("\"" + text + "\" is not a valid IP address")
        .hasMessageContaining(reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.1.2.3", "255.255.255.255", "0.0.0.0", "fd00::1", "::", "ffff::ffff"})
  void roundTripsThroughBytes(String text) {
    IpAddress address = IpAddress.parse(text);

    assertThat(IpAddress.ofBytes(address.toBytes())).isEqualTo(address);
    assertThat(address.toBytes()).hasSize(address.family().byteLength());
  }

  @Test
  void rejectsByteArraysOfOtherLengths() {
    assertThatThrownBy(() -> IpAddress.ofBytes(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 5 bytes");
  }

  @Test
  void ordersIpv4BeforeIpv6AndNumericallyUnsigned() {
    IpAddress low = IpAddress.parse("1.0.0.0");
    IpAddress high = IpAddress.parse("200.0.0.0");
    IpAddress v6 = IpAddress.parse("::");
    IpAddress v6High = IpAddress.parse("ffff::");

    assertThat(low).isLessThan(high);
    assertThat(high).isLessThan(v6);
    assertThat(v6).isLessThan(v6High);
  }

  @Property(tries = 500)
  void textRoundTripsForAnyAddress(@ForAll int ipv4, @ForAll long hi, @ForAll long lo) {
    IpAddress v4 = IpAddress.ofIpv4(ipv4);
    IpAddress v6 = IpAddress.ofIpv6(hi, lo);

    assertThat(IpAddress.parse(v4.toString())).isEqualTo(v4);
    assertThat(IpAddress.parse(v6.toString())).isEqualTo(v6);
    assertThat(v6.toString()).doesNotContain(":::").doesNotMatch(".*(^|:)0[0-9a-f].*");
  }

  @Property(tries = 1000)
  void malformedTextOnlyEverFailsWithAQuotingIllegalArgument(
      @ForAll @StringLength(max = 24) @Chars({'0', '1', '9', 'f', 'g', ':', '.', '/', '%', ' '})
          String text) {
    try {
      IpAddress.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageStartingWith("\"" + text + "\"");
    }
    try {
      Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageStartingWith("\"" + text + "\"");
    }
  }

  @Test
  void ipv4AccessorRejectsIpv6() {
    assertThatThrownBy(() -> IpAddress.parse("::1").ipv4())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("::1");
  }
}
