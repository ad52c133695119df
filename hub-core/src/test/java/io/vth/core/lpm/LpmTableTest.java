package io.vth.core.lpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import org.junit.jupiter.api.Test;

class LpmTableTest {

  @Test
  void ipv4PrefersTheLongestMatchAtEveryStride() {
    Ipv4LpmTable table =
        Ipv4LpmTable.builder()
            .add(Cidr.parse("0.0.0.0/0"), 0)
            .add(Cidr.parse("10.0.0.0/8"), 1)
            .add(Cidr.parse("10.1.0.0/16"), 2)
            .add(Cidr.parse("10.1.2.0/23"), 3)
            .add(Cidr.parse("10.1.2.128/25"), 4)
            .add(Cidr.parse("10.1.2.129/32"), 5)
            .build();

    assertThat(lookup(table, "192.0.2.1")).isEqualTo(0);
    assertThat(lookup(table, "10.200.0.1")).isEqualTo(1);
    assertThat(lookup(table, "10.1.200.1")).isEqualTo(2);
    assertThat(lookup(table, "10.1.3.1")).isEqualTo(3);
    assertThat(lookup(table, "10.1.2.1")).isEqualTo(3);
    assertThat(lookup(table, "10.1.2.130")).isEqualTo(4);
    assertThat(lookup(table, "10.1.2.129")).isEqualTo(5);
    assertThat(table.routeCount()).isEqualTo(6);
  }

  @Test
  void emptyTablesMatchNothing() {
    assertThat(Ipv4LpmTable.builder().build().lookup(0)).isEqualTo(LpmTable.NO_MATCH);
    assertThat(Ipv6LpmTable.builder().build().lookup(0, 0)).isEqualTo(LpmTable.NO_MATCH);
  }

  @Test
  void duplicatePrefixesKeepTheLastValue() {
    Ipv4LpmTable table =
        Ipv4LpmTable.builder()
            .add(Cidr.parse("10.0.0.0/8"), 1)
            .add(Cidr.parse("10.0.0.0/8"), 7)
            .build();

    assertThat(lookup(table, "10.9.9.9")).isEqualTo(7);
    assertThat(table.routeCount()).isEqualTo(1);
  }

  @Test
  void ipv6HandlesDefaultHostAndNestedRoutes() {
    Ipv6LpmTable table =
        Ipv6LpmTable.builder()
            .add(Cidr.parse("::/0"), 0)
            .add(Cidr.parse("fd00::/8"), 1)
            .add(Cidr.parse("fd00:1:2::/48"), 2)
            .add(Cidr.parse("fd00:1:2:3::/64"), 3)
            .add(Cidr.parse("fd00:1:2:3::1/128"), 4)
            .build();

    assertThat(table.lookup(IpAddress.parse("2001:db8::1"))).isEqualTo(0);
    assertThat(table.lookup(IpAddress.parse("fd12::1"))).isEqualTo(1);
    assertThat(table.lookup(IpAddress.parse("fd00:1:2:ffff::1"))).isEqualTo(2);
    assertThat(table.lookup(IpAddress.parse("fd00:1:2:3::2"))).isEqualTo(3);
    assertThat(table.lookup(IpAddress.parse("fd00:1:2:3::1"))).isEqualTo(4);
    assertThat(table.lookup(IpAddress.parse("10.0.0.1"))).isEqualTo(LpmTable.NO_MATCH);
  }

  @Test
  void rejectsWrongFamilyAndNegativeValues() {
    assertThatThrownBy(() -> Ipv4LpmTable.builder().add(Cidr.parse("fd00::/8"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot add IPv6 prefix fd00::/8 to an IPv4 table");
    assertThatThrownBy(() -> Ipv6LpmTable.builder().add(Cidr.parse("fd00::/8"), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be from 0 to 2147483647, got -1");
    assertThatThrownBy(() -> Ipv4LpmTable.builder().add(0x0a000001, 8, 1))
        .hasMessageContaining("did you mean 10.0.0.0/8?");
  }

  @Test
  void compressesTheRootAndChunksToRuns() {
    Ipv4LpmTable shortOnly = Ipv4LpmTable.builder().add(Cidr.parse("10.0.0.0/8"), 1).build();
    Ipv4LpmTable withHost =
        Ipv4LpmTable.builder()
            .add(Cidr.parse("10.0.0.0/8"), 1)
            .add(Cidr.parse("10.0.0.1/32"), 2)
            .build();

    assertThat(shortOnly.memoryBytes()).isLessThan(17 * 1024);
    assertThat(withHost.memoryBytes() - shortOnly.memoryBytes()).isBetween(64L, 256L);
  }

  @Test
  void builtTablesAreUnaffectedByLaterAdditions() {
    Ipv4LpmTable.Builder builder = Ipv4LpmTable.builder().add(Cidr.parse("10.0.0.0/8"), 1);
    Ipv4LpmTable first = builder.build();

    builder.add(Cidr.parse("10.1.0.0/16"), 2);
    Ipv4LpmTable second = builder.build();

    assertThat(lookup(first, "10.1.0.1")).isEqualTo(1);
    assertThat(lookup(second, "10.1.0.1")).isEqualTo(2);
  }

  private static int lookup(Ipv4LpmTable table, String address) {
    return table.lookup(IpAddress.parse(address).ipv4());
  }
}
