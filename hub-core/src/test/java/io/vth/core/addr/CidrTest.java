package io.vth.core.addr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

  @Test
  void strictParseRejectsHostBitsAndSuggestsTheNetwork() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/8"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"10.0.0.1/8\" is not canonical: host bits are set; did you mean 10.0.0.0/8?");
  }

  @Test
  void lenientParseMasksHostBits() {
    assertThat(Cidr.parseLenient("10.0.0.1/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    assertThat(Cidr.parseLenient("fd00::1/64")).hasToString("fd00::/64");
  }

  @Test
  void tellsWhetherTextIsCanonical() {
    assertThat(Cidr.isCanonical("10.0.0.0/8")).isTrue();
    assertThat(Cidr.isCanonical("10.0.0.1/8")).isFalse();
    assertThat(Cidr.isCanonical("10.0.0.0/33")).isFalse();
    assertThat(Cidr.isCanonical("FD00::/8")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/33 | prefix length 33 is greater than 32 for IPv4",
        "fd00::/129 | prefix length 129 is greater than 128 for IPv6",
        "10.0.0.0/8x | prefix length \"8x\" is not a decimal number",
        "10.0.0.0/ | prefix length \"\" is not a decimal number",
        "10.0.0.0/-1 | prefix length \"-1\" is not a decimal number",
        "10.0.0.0 | the \"/prefix-length\" part is missing",
        "300.1.1.1/8 | octet 300 is greater than 255",
        "fd00::1::2/64 | \"::\" may appear only once",
        "'' | missing",
      })
  void rejectsMalformedTextQuotingIt(String text, String reason) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("\"" + text + "\" is not a valid CIDR")
        .hasMessageContaining(reason);
  }

  @Test
  void knowsItsBoundsAndSize() {
    Cidr cidr = Cidr.parse("192.168.4.0/22");

    assertThat(cidr.first()).hasToString("192.168.4.0");
    assertThat(cidr.last()).hasToString("192.168.7.255");
    assertThat(cidr.size()).isEqualTo(BigInteger.valueOf(1024));
    assertThat(Cidr.parse("::/0").size()).isEqualTo(BigInteger.ONE.shiftLeft(128));
    assertThat(Cidr.parse("::/0").last()).hasToString("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    assertThat(Cidr.parse("0.0.0.0/0").last()).hasToString("255.255.255.255");
  }

  @Test
  void containsAddressesAndPrefixesOfItsFamilyOnly() {
    Cidr cidr = Cidr.parse("10.0.0.0/8");

    assertThat(cidr.contains(IpAddress.parse("10.255.0.1"))).isTrue();
    assertThat(cidr.contains(IpAddress.parse("11.0.0.0"))).isFalse();
    assertThat(cidr.contains(IpAddress.parse("::a00:1"))).isFalse();
    assertThat(cidr.contains(Cidr.parse("10.1.0.0/16"))).isTrue();
    assertThat(cidr.contains(Cidr.parse("0.0.0.0/0"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").overlaps(Cidr.parse("::/0"))).isFalse();
  }

  @Test
  void intersectsNestedPrefixesOnly() {
    Cidr wide = Cidr.parse("10.0.0.0/8");
    Cidr narrow = Cidr.parse("10.1.0.0/16");

    assertThat(wide.intersection(narrow)).contains(narrow);
    assertThat(narrow.intersection(wide)).contains(narrow);
    assertThat(narrow.intersection(Cidr.parse("10.2.0.0/16"))).isEmpty();
  }

  @Test
  void subtractsIntoTheFewestPrefixes() {
    assertThat(Cidr.parse("10.0.0.0/24").subtract(Cidr.parse("10.0.0.64/26")))
        .map(Cidr::toString)
        .containsExactly("10.0.0.0/26", "10.0.0.128/25");
    assertThat(Cidr.parse("10.0.0.0/24").subtract(Cidr.parse("10.0.0.0/16"))).isEmpty();
    assertThat(Cidr.parse("10.0.0.0/24").subtract(Cidr.parse("10.0.1.0/24")))
        .containsExactly(Cidr.parse("10.0.0.0/24"));
    assertThat(Cidr.parse("::/0").subtract(Cidr.parse("::1/128"))).hasSize(128);
  }

  @Test
  void ofRejectsHostBitsButCoveringMasksThem() {
    IpAddress address = IpAddress.parse("10.0.0.1");

    assertThatThrownBy(() -> Cidr.of(address, 8)).hasMessageContaining("did you mean 10.0.0.0/8?");
    assertThat(Cidr.covering(address, 8)).hasToString("10.0.0.0/8");
    assertThat(Cidr.host(address)).hasToString("10.0.0.1/32");
    assertThatThrownBy(() -> Cidr.covering(address, 40)).hasMessageContaining("outside 0..32");
  }
}
