package io.vth.core.lpm;

import static org.assertj.core.api.Assertions.assertThat;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.IpFamily;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LpmPropertiesTest {

  @Property(tries = 150)
  void ipv4LookupAgreesWithALinearScan(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int anchors,
      @ForAll @IntRange(max = 120) int routes) {
    RouteTableGenerator generator = new RouteTableGenerator(seed, IpFamily.IPV4, anchors);
    LinearScanOracle oracle = new LinearScanOracle();
    Ipv4LpmTable.Builder builder = Ipv4LpmTable.builder();
    for (int i = 0; i < routes; i++) {
      Cidr prefix = generator.route();
      int value = generator.value();
      builder.add(prefix, value);
      oracle.add(prefix, value);
    }

    Ipv4LpmTable table = builder.build();

    assertThat(table.routeCount()).isEqualTo(oracle.size());
    for (int i = 0; i < 300; i++) {
      IpAddress probe = generator.probe();
      assertThat(table.lookup(probe.ipv4()))
          .as("lookup of %s", probe)
          .isEqualTo(oracle.lookup(probe));
    }
  }

  @Test
  void largeIpv4TableWithAPlainRootAgreesWithALinearScan() {
    RouteTableGenerator generator = new RouteTableGenerator(42, IpFamily.IPV4, 30_000);
    LinearScanOracle oracle = new LinearScanOracle();
    Ipv4LpmTable.Builder builder = Ipv4LpmTable.builder();
    for (int i = 0; i < 30_000; i++) {
      Cidr prefix = generator.route();
      builder.add(prefix, i);
      oracle.add(prefix, i);
    }

    Ipv4LpmTable table = builder.build();

    assertThat(table.memoryBytes()).as("plain root in use").isGreaterThan(256L * 1024);
    for (int i = 0; i < 400; i++) {
      IpAddress probe = generator.probe();
      assertThat(table.lookup(probe.ipv4()))
          .as("lookup of %s", probe)
          .isEqualTo(oracle.lookup(probe));
    }
  }

  @Property(tries = 100)
  void ipv6LookupAgreesWithALinearScan(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 8) int anchors,
      @ForAll @IntRange(max = 60) int routes) {
    RouteTableGenerator generator = new RouteTableGenerator(seed, IpFamily.IPV6, anchors);
    LinearScanOracle oracle = new LinearScanOracle();
    Ipv6LpmTable.Builder builder = Ipv6LpmTable.builder();
    for (int i = 0; i < routes; i++) {
      Cidr prefix = generator.route();
      int value = generator.value();
      builder.add(prefix, value);
      oracle.add(prefix, value);
    }

    Ipv6LpmTable table = builder.build();

    assertThat(table.routeCount()).isEqualTo(oracle.size());
    for (int i = 0; i < 300; i++) {
      IpAddress probe = generator.probe();
      assertThat(table.lookup(probe.hi(), probe.lo()))
          .as("lookup of %s", probe)
          .isEqualTo(oracle.lookup(probe));
    }
  }
}
