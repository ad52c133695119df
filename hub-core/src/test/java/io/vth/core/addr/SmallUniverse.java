package io.vth.core.addr;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A brute-force model for property tests: 256 IPv4 addresses (an aligned /24) and 256 IPv6
 * addresses (an aligned /120), as bits 0-255 and 256-511 of a BitSet. Bases at the bottom, middle
 * and top of each address space exercise the edges.
 */
record SmallUniverse(int ipv4Base, long ipv6Hi, long ipv6Lo) {

  static final List<SmallUniverse> ALL =
      List.of(
          new SmallUniverse(0, 0, 0),
          new SmallUniverse(0x0a010200, 0x20010db800000000L, 0x1200L),
          new SmallUniverse(0xffffff00, -1L, 0xffffffffffffff00L));

  /** A prefix inside the universe, before it is placed: family, host bit count, block number. */
  record Spec(boolean ipv6, int hostBits, int block) {}

  static Arbitrary<Spec> specs() {
    return Combinators.combine(
            Arbitraries.of(false, true),
            Arbitraries.integers().between(0, 8),
            Arbitraries.integers().between(0, 255))
        .as(Spec::new);
  }

  static Arbitrary<Spec> ipv4Specs() {
    return specs().map(s -> new Spec(false, s.hostBits(), s.block()));
  }

  Cidr cidr(Spec spec) {
    int offset = (spec.block() % (256 >> spec.hostBits())) << spec.hostBits();
    int width = spec.ipv6() ? 128 : 32;
    return Cidr.of(address(spec.ipv6(), offset), width - spec.hostBits());
  }

  List<Cidr> cidrs(List<Spec> specs) {
    return specs.stream().map(this::cidr).toList();
  }

  IpAddress address(boolean ipv6, int offset) {
    return ipv6 ? IpAddress.ofIpv6(ipv6Hi, ipv6Lo | offset) : IpAddress.ofIpv4(ipv4Base | offset);
  }

  /** The address at model bit {@code bit}. */
  IpAddress address(int bit) {
    return address(bit >= 256, bit & 0xff);
  }

  static BitSet bits(Cidr cidr) {
    BitSet bits = new BitSet(512);
    int base = cidr.family() == IpFamily.IPV6 ? 256 : 0;
    bits.set(base + (int) (cidr.first().lo() & 0xff), base + (int) (cidr.last().lo() & 0xff) + 1);
    return bits;
  }

  static BitSet bits(List<Cidr> cidrs) {
    BitSet bits = new BitSet(512);
    cidrs.forEach(c -> bits.or(bits(c)));
    return bits;
  }

  /**
   * The size of the smallest prefix cover of {@code bits}, counted independently of the code under
   * test: aligned blocks that are full while their parent block is not.
   */
  static int minimalCoverSize(BitSet bits) {
    int count = 0;
    for (int family = 0; family < 512; family += 256) {
      for (int hostBits = 0; hostBits <= 8; hostBits++) {
        for (int start = 0; start < 256; start += 1 << hostBits) {
          boolean full = isFull(bits, family + start, 1 << hostBits);
          int parentSize = 2 << hostBits;
          int parentStart = start & -parentSize;
          boolean parentFull = hostBits < 8 && isFull(bits, family + parentStart, parentSize);
          if (full && !parentFull) {
            count++;
          }
        }
      }
    }
    return count;
  }

  private static boolean isFull(BitSet bits, int from, int length) {
    return bits.get(from, from + length).cardinality() == length;
  }
}
