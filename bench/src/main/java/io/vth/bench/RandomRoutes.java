package io.vth.bench;

import java.util.SplittableRandom;

/**
 * Seeded random route sets for the LPM benchmarks, with prefix lengths shaped like an Internet
 * routing table (mostly /24 for IPv4, mostly /48 for IPv6) so tables have realistic depth.
 */
final class RandomRoutes {

  private RandomRoutes() {}

  /** An IPv4 prefix length: 10% /8../15, 30% /16../23, 50% /24, 10% /25../32. */
  static int ipv4Length(SplittableRandom random) {
    int p = random.nextInt(100);
    if (p < 10) {
      return 8 + random.nextInt(8);
    }
    if (p < 40) {
      return 16 + random.nextInt(8);
    }
    if (p < 90) {
      return 24;
    }
    return 25 + random.nextInt(8);
  }

  /** An IPv6 prefix length: 15% /32, 20% /33../47, 45% /48, 20% /49../64. */
  static int ipv6Length(SplittableRandom random) {
    int p = random.nextInt(100);
    if (p < 15) {
      return 32;
    }
    if (p < 35) {
      return 33 + random.nextInt(15);
    }
    if (p < 80) {
      return 48;
    }
    return 49 + random.nextInt(16);
  }

  /** The network mask of an IPv4 prefix length as an int. */
  static int mask4(int length) {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  /** The high 64 bits of the IPv6 mask for a prefix length up to 64. */
  static long mask6(int length) {
    return length == 0 ? 0 : -1L << (64 - length);
  }

  /** A random high half of an IPv6 address in 2000::/3 (global unicast). */
  static long globalUnicastHigh(SplittableRandom random) {
    return (random.nextLong() >>> 3) | (1L << 61);
  }
}
