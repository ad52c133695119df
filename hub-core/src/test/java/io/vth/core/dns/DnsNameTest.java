package io.vth.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Names in presentation format: parsing, escaping and case-insensitive equality. */
class DnsNameTest {

  @Test
  void parsesAndPrintsWithATrailingDot() {
    assertThat(DnsName.of("example.com")).hasToString("example.com.");
    assertThat(DnsName.of("example.com.").wireLength()).isEqualTo(13);
    assertThat(DnsName.of(".")).isSameAs(DnsName.ROOT);
  }

  @Test
  void escapesRoundTrip() {
    DnsName odd = DnsName.of("a\\.b\\\\c\\000.example");

    assertThat(odd.toWire()).startsWith(6, 'a', '.', 'b', '\\', 'c', 0);
    assertThat(odd).hasToString("a\\.b\\\\c\\000.example.");
    assertThat(DnsName.of(odd.toString())).isEqualTo(odd);
  }

  @Test
  void equalityIgnoresAsciiCaseOnly() {
    assertThat(DnsName.of("WWW.Example.COM")).isEqualTo(DnsName.of("www.example.com."));
    assertThat(DnsName.of("WWW.Example.COM").hashCode())
        .isEqualTo(DnsName.of("www.example.com").hashCode());
    assertThat(DnsName.of("www.example.com")).isNotEqualTo(DnsName.of("www.example.org"));
    assertThat(DnsName.of("\\196")).isNotEqualTo(DnsName.of("\\228"));
  }

  @Test
  void rejectsBadNamesQuotingThem() {
    assertThatThrownBy(() -> DnsName.of("a..b"))
        .hasMessageContaining("'a..b'")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> DnsName.of("x".repeat(64) + ".com")).hasMessageContaining("63");
    assertThatThrownBy(() -> DnsName.of(("x".repeat(63) + ".").repeat(4)))
        .hasMessageContaining("255");
    assertThatThrownBy(() -> DnsName.of("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> DnsName.of("a\\25")).hasMessageContaining("cut short");
    assertThatThrownBy(() -> DnsName.of("a\\256")).hasMessageContaining("000-255");
    assertThatThrownBy(() -> DnsName.of("a\\")).hasMessageContaining("escape");
    assertThatThrownBy(() -> DnsName.of("\u4e16.com")).hasMessageContaining("Latin-1");
  }

  @Test
  void longestLegalNameIsAccepted() {
    String name = ("x".repeat(63) + ".").repeat(3) + "x".repeat(61);

    assertThat(DnsName.of(name).wireLength()).isEqualTo(255);
  }
}
