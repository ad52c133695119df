package io.vth.core.addr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** An inclusive range of addresses of one family: the working form of {@link CidrSet} algebra. */
record AddressRange(IpAddress first, IpAddress last) {

  /** The sorted, disjoint, non-adjacent ranges covering {@code cidrs}. */
  static List<AddressRange> merge(Collection<Cidr> cidrs) {
    List<Cidr> sorted = new ArrayList<>(cidrs);
    sorted.sort(null);
    List<AddressRange> merged = new ArrayList<>();
    IpAddress first = null;
    IpAddress last = null;
    for (Cidr cidr : sorted) {
      if (first != null && touches(last, cidr.first())) {
        last = max(last, cidr.last());
        continue;
      }
      if (first != null) {
        merged.add(new AddressRange(first, last));
      }
      first = cidr.first();
      last = cidr.last();
    }
    if (first != null) {
      merged.add(new AddressRange(first, last));
    }
    return merged;
  }

  /**
   * True when a range ending at {@code last} overlaps or is adjacent to one starting at {@code
   * next}.
   */
  private static boolean touches(IpAddress last, IpAddress next) {
    if (last.family() != next.family()) {
      return false;
    }
    return next.compareTo(last) <= 0 || next.equals(last.next());
  }

  /** Appends the fewest prefixes that exactly cover this range, ascending. */
  void appendCidrs(List<Cidr> out) {
    int bits = first.family().bitLength();
    IpAddress start = first;
    while (true) {
      int length = HostMask.shortestAlignedPrefix(bits, start.hi(), start.lo());
      while (start.withHostBitsSet(length).compareTo(last) > 0) {
        length++;
      }
      Cidr cidr = Cidr.of(start, length);
      out.add(cidr);
      if (cidr.last().equals(last)) {
        return;
      }
      start = cidr.last().next();
    }
  }

  static IpAddress max(IpAddress a, IpAddress b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static IpAddress min(IpAddress a, IpAddress b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
