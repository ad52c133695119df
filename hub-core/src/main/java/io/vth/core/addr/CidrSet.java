package io.vth.core.addr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of addresses held as the fewest canonical prefixes (coalesced: overlapping,
 * nested and adjacent prefixes merged), with set union, intersection and subtraction. May hold IPv4
 * and IPv6 prefixes together; {@link #cidrs()} lists IPv4 first, each family ascending.
 */
public final class CidrSet {

  /** The set without addresses. */
  public static final CidrSet EMPTY = new CidrSet(List.of(), List.of());

  private final List<Cidr> cidrs;
  private final List<AddressRange> ranges;

  private CidrSet(List<Cidr> cidrs, List<AddressRange> ranges) {
    this.cidrs = cidrs;
    this.ranges = ranges;
  }

  /** The set of all addresses in any of {@code cidrs}. */
  public static CidrSet of(Collection<Cidr> cidrs) {
    return ofRanges(AddressRange.merge(cidrs));
  }

  /** The set of all addresses in any of {@code cidrs}. */
  public static CidrSet of(Cidr... cidrs) {
    return of(Arrays.asList(cidrs));
  }

  private static CidrSet ofRanges(List<AddressRange> ranges) {
    if (ranges.isEmpty()) {
      return EMPTY;
    }
    List<Cidr> cidrs = new ArrayList<>();
    for (AddressRange range : ranges) {
      range.appendCidrs(cidrs);
    }
    return new CidrSet(List.copyOf(cidrs), List.copyOf(ranges));
  }

  /** The fewest canonical prefixes covering exactly this set, ascending. */
  public List<Cidr> cidrs() {
    return cidrs;
  }

  public boolean isEmpty() {
    return cidrs.isEmpty();
  }

  /** The number of addresses. */
  public BigInteger size() {
    return cidrs.stream().map(Cidr::size).reduce(BigInteger.ZERO, BigInteger::add);
  }

  public boolean contains(IpAddress address) {
    int low = 0;
    int high = ranges.size() - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      AddressRange range = ranges.get(middle);
      if (address.compareTo(range.first()) < 0) {
        high = middle - 1;
      } else if (address.compareTo(range.last()) > 0) {
        low = middle + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** True when every address of {@code cidr} is in this set. */
  public boolean contains(Cidr cidr) {
    return CidrSet.of(cidr).subtract(this).isEmpty();
  }

  /** True when this set and {@code other} share at least one address. */
  public boolean overlaps(CidrSet other) {
    return !intersection(other).isEmpty();
  }

  public CidrSet union(CidrSet other) {
    List<Cidr> all = new ArrayList<>(cidrs);
    all.addAll(other.cidrs);
    return of(all);
  }

  public CidrSet intersection(CidrSet other) {
    List<AddressRange> common = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < ranges.size() && j < other.ranges.size()) {
      AddressRange a = ranges.get(i);
      AddressRange b = other.ranges.get(j);
      IpAddress first = AddressRange.max(a.first(), b.first());
      IpAddress last = AddressRange.min(a.last(), b.last());
      if (first.family() == last.family() && first.compareTo(last) <= 0) {
        common.add(new AddressRange(first, last));
      }
      if (a.last().compareTo(b.last()) <= 0) {
        i++;
      } else {
        j++;
      }
    }
    return ofRanges(common);
  }

  /** The addresses of this set that are not in {@code other}. */
  public CidrSet subtract(CidrSet other) {
    List<AddressRange> rest = new ArrayList<>();
    int j = 0;
    for (AddressRange a : ranges) {
      IpAddress cursor = a.first();
      while (j < other.ranges.size() && other.ranges.get(j).last().compareTo(cursor) < 0) {
        j++;
      }
      for (int k = j; k < other.ranges.size() && cursor != null; k++) {
        AddressRange b = other.ranges.get(k);
        if (b.first().compareTo(a.last()) > 0) {
          break;
        }
        if (b.first().compareTo(cursor) > 0) {
          rest.add(new AddressRange(cursor, b.first().previous()));
        }
        cursor = b.last().compareTo(a.last()) >= 0 ? null : b.last().next();
      }
      if (cursor != null) {
        rest.add(new AddressRange(cursor, a.last()));
      }
    }
    return ofRanges(rest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrSet other && cidrs.equals(other.cidrs);
  }

  @Override
  public int hashCode() {
    return cidrs.hashCode();
  }

  @Override
  public String toString() {
    return cidrs.toString();
  }
}
