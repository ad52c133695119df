package io.vth.core.lpm;

import io.vth.core.addr.Cidr;
import io.vth.core.addr.IpAddress;
import io.vth.core.addr.IpFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random route tables and probe addresses biased towards hits: a few anchor addresses, routes that
 * are prefixes of anchors at any length (nested, /0 and full-length included), and probes near the
 * anchors.
 */
final class RouteTableGenerator {

  private final Random random;
  private final IpFamily family;
  private final List<IpAddress> anchors = new ArrayList<>();

  RouteTableGenerator(long seed, IpFamily family, int anchorCount) {
    this.random = new Random(seed);
    this.family = family;
    for (int i = 0; i < anchorCount; i++) {
      anchors.add(randomAddress());
    }
  }

  /**
   * A route prefix: usually a prefix of an anchor, sometimes random; some lengths are edge cases.
   */
  Cidr route() {
    int bits = family.bitLength();
    int length =
        switch (random.nextInt(8)) {
          case 0 -> 0;
          case 1 -> bits;
          case 2 -> random.nextInt(bits / 2 + 1);
          default -> random.nextInt(bits + 1);
        };
    IpAddress base = random.nextInt(5) == 0 ? randomAddress() : anchor();
    return Cidr.covering(base, length);
  }

  /** A probe address: an anchor with some low bits changed, or a random address. */
  IpAddress probe() {
    if (random.nextInt(6) == 0) {
      return randomAddress();
    }
    IpAddress anchor = anchor();
    int flipBits = random.nextInt(family.bitLength() + 1);
    long maskLo = flipBits >= 64 ? -1L : (1L << flipBits) - 1;
    long maskHi = flipBits <= 64 ? 0 : flipBits == 128 ? -1L : (1L << (flipBits - 64)) - 1;
    long hi = anchor.hi() ^ (random.nextLong() & maskHi);
    long lo = anchor.lo() ^ (random.nextLong() & maskLo);
    return family == IpFamily.IPV4 ? IpAddress.ofIpv4((int) lo) : IpAddress.ofIpv6(hi, lo);
  }

  int value() {
    return random.nextInt(1000);
  }

  private IpAddress anchor() {
    return anchors.get(random.nextInt(anchors.size()));
  }

  private IpAddress randomAddress() {
    return family == IpFamily.IPV4
        ? IpAddress.ofIpv4(random.nextInt())
        : IpAddress.ofIpv6(random.nextLong(), random.nextLong());
  }
}
